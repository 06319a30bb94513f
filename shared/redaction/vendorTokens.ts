import { regexSpans, type Span } from "./span.js";

/**
 * Credentials recognisable by their own shape: a vendor prefix, a fixed alphabet and length. The
 * coverage follows what gitleaks' default rules, detect-secrets' plugins and secretlint's recommended
 * preset recognise (secretlint itself also runs: see secretlintSpans.ts); these are the ones whose body
 * is not random-looking enough for the entropy detector (hex, upper case) or that must be caught whole
 * (a prefix with separators). Each is [label, pattern]; patterns are case-sensitive where vendors are.
 */
const VENDOR_TOKENS: ReadonlyArray<readonly [string, RegExp]> = [
  // Source hosting and package registries
  ["github token", /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{40,255}|v1\.[0-9a-f]{40})\b/g],
  ["gitlab token", /\b(?:glpat|gldt|glrt|glptt|glsoat|glcbt|glimt|glagent|gloas|glft|glffct|glwt)-[A-Za-z0-9_-]{20,}|\bGR1348941[A-Za-z0-9_-]{20,}/g],
  ["npm token", /\bnpm_[A-Za-z0-9]{36}\b/g],
  ["pypi token", /\bpypi-AgE[A-Za-z0-9_-]{50,}/g],
  ["rubygems token", /\brubygems_[a-f0-9]{48}\b/g],
  ["nuget key", /\boy2[a-z0-9]{43}\b/g],
  ["docker hub token", /\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}/g],
  ["artifactory token", /\bAKCp[A-Za-z0-9]{60,}|\bcmVmd[A-Za-z0-9]{50,}/g],
  ["clojars token", /\bCLOJARS_[A-Za-z0-9]{60}/gi],
  // Clouds
  ["aws key", /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g],
  ["aws session token", /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+=]{40,}/g],
  ["google api key", /\bAIza[0-9A-Za-z_-]{35}/g],
  ["google oauth token", /\bya29\.[0-9A-Za-z_-]{20,}/g],
  ["google refresh token", /(?<![A-Za-z0-9])1\/\/0[0-9A-Za-z_-]{30,}/g],
  ["google client secret", /\bGOCSPX-[0-9A-Za-z_-]{20,}/g],
  ["azure client secret", /(?<![A-Za-z0-9_~.])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g],
  ["alibaba key", /\bLTAI[A-Za-z0-9]{12,24}\b/g],
  ["tencent key", /\bAKID[A-Za-z0-9]{32}\b/g],
  ["digitalocean token", /\bdo[por]_v1_[a-f0-9]{64}\b/g],
  ["databricks token", /\bdapi[a-f0-9]{32}(?:-\d)?\b/g],
  ["heroku key", /\bHRKU-[A-Za-z0-9_-]{30,}/g],
  ["fly.io token", /\bfo1_[A-Za-z0-9_-]{43}\b|\bFlyV1 fm[12]_[A-Za-z0-9+/=,_-]{40,}/g],
  ["supabase token", /\bsbp_[a-f0-9]{40}\b/g],
  ["planetscale token", /\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9=._-]{32,64}/g],
  ["vault token", /\bhv[sbr]\.[A-Za-z0-9_-]{24,}|\bs\.[A-Za-z0-9]{24}\b(?=["'\s,;]|$)/g],
  ["doppler token", /\bdp\.(?:pt|st|ct|scim|audit|sa)\.[A-Za-z0-9_.-]{40,}/g],
  ["pulumi token", /\bpul-[a-f0-9]{40}\b/g],
  ["terraform cloud token", /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/g],
  ["cloudflare key", /\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b/g],
  ["render token", /\brnd_[A-Za-z0-9]{32,}\b/g],
  // Observability, messaging, SaaS
  ["new relic key", /\bNR(?:AK|II|RA|JS|AA)-[A-Za-z0-9]{19,32}\b/g],
  ["grafana token", /\bglc_[A-Za-z0-9+/]{32,400}={0,2}|\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b/g],
  ["sentry token", /\bsntry[us]_[A-Za-z0-9+/=_-]{40,}/g],
  ["dynatrace token", /\bdt0[a-z]01\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b/g],
  ["datadog key", /\b(?:dd|datadog)[_-]?(?:api|app)[_-]?key["']?\s*[:=]\s*["']?([a-f0-9]{32,40})\b/dgi],
  ["slack token", /\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxapp-\d-[A-Za-z0-9-]{10,}|\bxoxe\.xox[bp]-\d-[A-Za-z0-9]{100,}/g],
  ["slack webhook", /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g],
  ["teams webhook", /https?:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/_-]+|https?:\/\/[a-z0-9-]+\.(?:logic\.azure|environment\.api\.powerplatform)\.com[^\s"']*[?&]sig=[^\s"'&]+/g],
  ["discord webhook", /https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/g],
  ["discord token", /\b[MN][A-Za-z\d]{23,25}\.[\w-]{6}\.[\w-]{27,38}\b/g],
  ["telegram bot token", /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/g],
  ["twilio key", /\bSK[0-9a-fA-F]{32}\b/g],
  ["sendgrid key", /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g],
  ["sendinblue key", /\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\b/g],
  ["mailgun key", /\bkey-[0-9a-z]{32}\b/g],
  ["mailchimp key", /\b[0-9a-f]{32}-us\d{1,2}\b/g],
  ["postman key", /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g],
  ["linear key", /\blin_(?:api|oauth)_[A-Za-z0-9]{40}\b/g],
  ["notion token", /\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,})\b/g],
  ["airtable token", /\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b/g],
  ["atlassian token", /\bATATT3[A-Za-z0-9_=-]{100,}|\bATCTT3[A-Za-z0-9_=-]{100,}/g],
  ["shopify token", /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g],
  ["okta token", /\bSSWS\s+(00[A-Za-z0-9_-]{40})\b/dg],
  ["hugging face token", /\bhf_[A-Za-z]{34}\b/g],
  ["openai key", /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}/g],
  ["anthropic key", /\bsk-ant-(?:api|admin|sid)\d\d-[A-Za-z0-9_-]{40,}/g],
  ["api key", /\bsk-[A-Za-z0-9]{32,}\b/g],
  ["figma token", /\bfigd_[A-Za-z0-9_-]{40,}/g],
  ["dropbox token", /\bsl\.[A-Za-z0-9_=-]{130,}/g],
  ["facebook token", /\bEAA[A-Za-z0-9]{90,}/g],
  ["twitter token", /\bA{22}[A-Za-z0-9%]{30,}/g],
  ["mapbox token", /\b[ps]k\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/g],
  ["easypost key", /\bEZ[AT]K[A-Za-z0-9]{54}\b/g],
  ["shippo token", /\bshippo_(?:live|test)_[a-f0-9]{40}\b/g],
  ["typeform token", /\btfp_[A-Za-z0-9_.=-]{59}\b/g],
  ["contentful token", /\bCFPAT-[A-Za-z0-9_-]{43}\b/g],
  ["prefect key", /\bpnu_[A-Za-z0-9]{36}\b/g],
  ["readme key", /\brdme_[a-z0-9]{70}\b/g],
  ["sourcegraph token", /\bsgp_(?:[a-f0-9]{16}|local)_[a-f0-9]{40}\b|\bsgp_[a-f0-9]{40}\b/g],
  ["octopus key", /\bAPI-[A-Z0-9]{26}\b/g],
  ["harness token", /\bpat\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.[0-9A-Za-z]{20}\b/g],
  ["frame.io token", /\bfio-u-[A-Za-z0-9_=-]{64}\b/g],
  ["age secret key", /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g],
  ["1password token", /\bops_eyJ[A-Za-z0-9+/]{100,}={0,3}|\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b/g],
  ["square token", /\b(?:EAAA|sq0atp-|sq0csp-)[A-Za-z0-9_-]{22,60}\b/g],
  ["braintree token", /\baccess_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}\b/g],
  ["flutterwave key", /\bFLW(?:SECK|PUBK)(?:_TEST)?-[a-h0-9]{32}-X\b|\bFLWSECK_TEST[a-h0-9]{12}\b/g],
  ["stripe key", /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b|\bwhsec_[A-Za-z0-9]{24,}\b/g],
  ["adobe secret", /\bp8e-[A-Za-z0-9]{32}\b/g],
  ["duffel token", /\bduffel_(?:test|live)_[A-Za-z0-9_=-]{43}\b/g],
  ["infracost key", /\bico-[A-Za-z0-9]{32}\b/g],
  ["scalingo token", /\btk-us-[A-Za-z0-9_-]{48}\b/g],
  ["clickhouse key", /\b4b1d[A-Za-z0-9]{38}\b/g],
  ["yandex token", /\bt1\.[A-Z0-9a-z_-]+={0,2}\.[A-Z0-9a-z_-]{86}={0,2}|\bAQVN[A-Za-z0-9_-]{35,38}\b|\bYC[A-Za-z0-9_-]{38}\b/g],
  // Generic shapes
  ["jwt", /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g],
];

/** Spans of every vendor credential found in `text`. */
export function vendorTokenSpans(text: string): Span[] {
  const out: Span[] = [];
  for (const [label, re] of VENDOR_TOKENS) out.push(...regexSpans(text, re, label, re.flags.includes("d") ? 1 : 0));
  return out;
}

/** How many vendor shapes are known (for the README and the corpus report). */
export const VENDOR_TOKEN_KINDS = VENDOR_TOKENS.length;
