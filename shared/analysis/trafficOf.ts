/** Who a request is from, as far as priorities care. */
export type Traffic = "user" | "health-check" | "gardener";

/** Paths that load balancers, uptime checks and orchestrators probe. */
const HEALTH_ROUTE = /^\/(?:_ah\/)?(?:health|healthz|healthcheck|health-check|ready|readyz|readiness|live|livez|liveness|ping|status)(?:\/|$)/i;
/** User agents of probes and uptime checks. */
const HEALTH_AGENT = /GoogleHC|GoogleStackdriverMonitoring-UptimeChecks|kube-probe|ELB-HealthChecker|Uptime-?Kuma|Pingdom|UptimeRobot/i;
/** The gardener identifies itself so that its own calls never raise a priority. */
const GARDENER_AGENT = /log-gardener/i;

/** Health checks and the gardener's own calls do not raise a priority; everything else is user traffic. */
export function trafficOf(route: string, userAgent?: string): Traffic {
  // Asked twice per request (its stats, then its pairing with log events): the last answer is kept.
  if (route === last.route && userAgent === last.userAgent) return last.traffic;
  const traffic = trafficOfRequest(route, userAgent);
  last = { route, userAgent, traffic };
  return traffic;
}

/** trafficOf's last answer (a pure cache: the answer depends on the route and the user agent only). */
let last: { route: string | undefined; userAgent: string | undefined; traffic: Traffic } = { route: undefined, userAgent: undefined, traffic: "user" };

function trafficOfRequest(route: string, userAgent?: string): Traffic {
  if (userAgent && GARDENER_AGENT.test(userAgent)) return "gardener";
  if (HEALTH_ROUTE.test(route) || (userAgent && HEALTH_AGENT.test(userAgent))) return "health-check";
  return "user";
}

/** Paths browsers and crawlers ask every site for, whether it has them or not. */
const BROWSER_PROBE = /^\/(?:favicon\.ico|favicon-\d+x\d+\.png|apple-touch-icon(?:-precomposed)?(?:-\d+x\d+)?\.png|robots\.txt|sitemap(?:_index)?\.xml|ads\.txt|humans\.txt|browserconfig\.xml|\.well-known\/(?:security\.txt|traffic-advice|change-password|assetlinks\.json|apple-app-site-association))$/i;
/** Paths vulnerability scanners try on every address they find (secrets, admin panels, CMS installs). */
const SCANNER_PROBE =
  /^\/(?:.*\/)?(?:\.env(?:\.[\w.-]+)?|\.git\/\S*|\.aws\/\S*|\.ssh\/\S*|\.DS_Store|\.htaccess|\.htpasswd|wp-(?:login\.php|admin\S*|content\S*|includes\S*|config\.php\S*)|xmlrpc\.php|phpmyadmin\S*|pma\/\S*|admin\.php|config\.(?:php|json|yml|yaml)|server-status|actuator\/\S*|cgi-bin\/\S*|vendor\/phpunit\/\S*|\S+\.(?:php|asp|aspx|jsp|cgi))$/i;

/** Whether a route is one that browsers and crawlers, or vulnerability scanners, ask for blindly. */
export function probeOf(route: string): "browser" | "scanner" | undefined {
  if (BROWSER_PROBE.test(route)) return "browser";
  if (SCANNER_PROBE.test(route)) return "scanner";
  return undefined;
}
