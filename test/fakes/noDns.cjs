// Preload for a machine without DNS (no network, or a resolver that does not answer): every lookup of
// a name other than loopback fails as getaddrinfo fails there, with ENOTFOUND, and nothing is asked
// of any resolver. Load it after ../../../shared/tools/netguard.cjs, which still refuses any
// connection to an address beyond loopback.
// Use: NODE_OPTIONS="--require .../netguard.cjs --require .../noDns.cjs"
"use strict";
const dns = require("node:dns");
const net = require("node:net");

const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\]|0\.0\.0\.0)$/i;
const isName = (host) => !LOCAL.test(host) && net.isIP(host.replace(/^\[|\]$/g, "")) === 0;
const notFound = (host) => {
  const err = new Error(`getaddrinfo ENOTFOUND ${host}`);
  err.code = "ENOTFOUND";
  err.errno = -3008;
  err.syscall = "getaddrinfo";
  err.hostname = host;
  return err;
};

const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!isName(String(host))) return lookup.call(this, host, ...rest);
  const cb = rest.find((a) => typeof a === "function");
  process.nextTick(() => cb(notFound(String(host))));
  return {};
};
const plookup = dns.promises.lookup;
dns.promises.lookup = function (host, ...rest) {
  if (!isName(String(host))) return plookup.call(this, host, ...rest);
  return Promise.reject(notFound(String(host)));
};

// net.connect to a name looks it up first; a failed lookup destroys the socket with the lookup's error.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const o = typeof first === "object" && first !== null ? first : { port: first, host: args[1] };
  if (o.path === undefined && isName(String(o.host ?? "localhost"))) {
    const err = notFound(String(o.host));
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};

// Queries the resolver itself would send (gRPC asks for TXT service-config records, some libraries
// resolve A/AAAA directly): each fails with ENOTFOUND, as the lookups above, before any packet leaves.
const QUERIES = ["resolve", "resolve4", "resolve6", "resolveAny", "resolveCname", "resolveMx", "resolveNs", "resolveSrv", "resolveTxt", "resolveCaa", "resolveNaptr", "resolvePtr", "resolveSoa", "reverse"];
for (const name of QUERIES) {
  for (const target of [dns, dns.Resolver.prototype]) {
    if (typeof target[name] !== "function") continue;
    target[name] = function (host, ...rest) {
      const cb = rest.find((a) => typeof a === "function");
      process.nextTick(() => cb && cb(notFound(String(host))));
    };
  }
  for (const target of [dns.promises, dns.promises.Resolver.prototype]) {
    if (typeof target[name] !== "function") continue;
    target[name] = function (host) {
      return Promise.reject(notFound(String(host)));
    };
  }
}
