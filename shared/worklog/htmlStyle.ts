/**
 * The HTML worklog's one stylesheet (its hash is in the page's Content-Security-Policy). Light and dark
 * schemes follow the reader's setting; charts take their colours from these classes.
 */
export const WORKLOG_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--code:#eff2f5;--link:#0969da;
--error:#cf222e;--warning:#bf8700;--other:#8c959f;--ok:#1a7f37;--r3:#8250df;--r4:#bc4c00;--r5:#cf222e;--deploy:#0969da;--exit:#82071e;
--p0:#cf222e;--p1:#bc4c00;--p2:#9a6700;--p3:#59636e}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--code:#1f2630;--link:#4493f8;
--error:#f85149;--warning:#d29922;--other:#656c76;--ok:#3fb950;--r3:#ab7df8;--r4:#db6d28;--r5:#f85149;--deploy:#4493f8;--exit:#ff7b72;
--p0:#f85149;--p1:#db6d28;--p2:#d29922;--p3:#9198a1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1200px;margin:0 auto;padding:16px}
a{color:var(--link)}
h1{font-size:1.3rem;margin:0 0 4px}
h2{font-size:1.1rem;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1rem;margin:0}
nav{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9rem;margin:4px 0 12px}
.meta{color:var(--muted);font-size:.9rem}
.verdict{font-size:1.15rem;font-weight:600;padding:10px 14px;border-radius:6px;border-left:6px solid var(--ok);background:var(--card);margin:12px 0}
.verdict.degraded{border-color:var(--p0)}.verdict.errors{border-color:var(--p2)}.verdict.warnings{border-color:var(--p3)}.verdict.quiet{border-color:var(--other)}
.notice{border-left:4px solid var(--warning);background:var(--card);padding:8px 12px;margin:8px 0}
.steps li{margin:0 0 10px}
pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;unicode-bidi:isolate;direction:ltr}
pre{background:var(--code);padding:8px 10px;border-radius:6px;overflow-x:auto;white-space:pre;max-height:420px}
code{background:var(--code);padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
pre code{background:none;padding:0}
.chart{display:block;width:100%;height:110px}
.chart .hit{fill:transparent}.chart .bucket:hover .hit{fill:var(--code)}
.chart .axis{stroke:var(--line);stroke-width:1}
.sev-error{fill:var(--error)}.sev-warning{fill:var(--warning)}.sev-other{fill:var(--other)}
.req-1xx,.req-2xx{fill:var(--ok)}.req-3xx{fill:var(--r3)}.req-4xx{fill:var(--r4)}.req-5xx{fill:var(--r5)}
.exit{fill:var(--exit)}
.marker line.deploy{stroke:var(--deploy);stroke-width:2;stroke-dasharray:4 3}
.ticks{display:flex;justify-content:space-between;color:var(--muted);font-size:.8rem}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.85rem;color:var(--muted);margin:4px 0 14px;padding:0;list-style:none}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:baseline}
.sw.sev-error,.sw.req-5xx{background:var(--error)}.sw.sev-warning{background:var(--warning)}.sw.sev-other{background:var(--other)}
.sw.req-2xx{background:var(--ok)}.sw.req-3xx{background:var(--r3)}.sw.req-4xx{background:var(--r4)}.sw.exit{background:var(--exit)}
.sw.deploy{background:var(--deploy);width:3px}
.cards{display:grid;grid-template-columns:minmax(0,1fr);gap:12px}
.card{border:1px solid var(--line);border-left:6px solid var(--p3);border-radius:6px;padding:12px 14px;background:var(--card)}
.card.P0{border-left-color:var(--p0)}.card.P1{border-left-color:var(--p1)}.card.P2{border-left-color:var(--p2)}
.card header{display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px}
.card dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
.card dt{color:var(--muted)}.card dd{margin:0;min-width:0}
.badge{font-weight:700;color:#fff;border-radius:4px;padding:0 6px;font-size:.85rem;background:var(--p3)}
.badge.P0{background:var(--p0)}.badge.P1{background:var(--p1)}.badge.P2{background:var(--p2)}
.links{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9rem;margin:6px 0}
.spark{width:120px;height:24px;vertical-align:middle}
.spark polygon{fill:var(--error);opacity:.25}.spark polyline{fill:none;stroke:var(--error);stroke-width:1.5}
.spark.quiet polygon{fill:var(--other)}.spark.quiet polyline{stroke:var(--other)}
.latency{width:160px;height:14px;vertical-align:middle}.latency .p95{fill:var(--warning);opacity:.55}.latency .p50{fill:var(--ok)}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600;white-space:nowrap}
th.sorted::after{content:" ▾"}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
details{margin:6px 0}
summary{cursor:pointer;color:var(--muted)}
footer{color:var(--muted);font-size:.85rem;margin:32px 0 8px}
@media (max-width:600px){main{padding:10px}body{font-size:14px}.card dl{grid-template-columns:1fr}.card dt{margin-top:4px}.hide-narrow{display:none}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block}table.stack thead{display:none}table.stack tr{border-bottom:1px solid var(--line);padding:4px 0}table.stack td{border:0;padding:1px 4px;text-align:left}}
`.trim();
