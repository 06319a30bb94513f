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
  if (userAgent && GARDENER_AGENT.test(userAgent)) return "gardener";
  if (HEALTH_ROUTE.test(route) || (userAgent && HEALTH_AGENT.test(userAgent))) return "health-check";
  return "user";
}
