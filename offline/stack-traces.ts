import * as pulumi from "@pulumi/pulumi";

/**
 * Turns off the stack traces Pulumi captures for every resource it declares (and sends to the engine) until the
 * returned function puts everything back: offline nobody reads them, and they cost half of an evaluation. Pulumi's
 * Resource.callsites lifts the trace limit, so it answers none (it is private: were it renamed, evaluations would only
 * be slower), and ts-node's source-map hook is off, so a trace made meanwhile names transpiled lines; an evaluation's
 * errors are read by their messages.
 */
export function suspendStackTraces(): () => void {
  const errorHooks = Error as { prepareStackTrace?: typeof Error.prepareStackTrace };
  const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };
  const saved = { limit: Error.stackTraceLimit, prepare: errorHooks.prepareStackTrace, callsites: resourceClass.callsites };
  Error.stackTraceLimit = 0;
  errorHooks.prepareStackTrace = undefined;
  resourceClass.callsites = () => [];
  return () => {
    Error.stackTraceLimit = saved.limit;
    errorHooks.prepareStackTrace = saved.prepare;
    resourceClass.callsites = saved.callsites;
  };
}
