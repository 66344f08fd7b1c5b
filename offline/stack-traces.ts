import * as pulumi from "@pulumi/pulumi";

const errorHooks = Error as { prepareStackTrace?: typeof Error.prepareStackTrace };
const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };
/** How many suspensions are open (evaluations may overlap, as in the console's process), and what the first saved. */
const suspension = { depth: 0, saved: { limit: 0, prepare: errorHooks.prepareStackTrace, callsites: resourceClass.callsites } };

/**
 * Turns off the stack traces Pulumi captures for every resource it declares (and sends to the engine) until the
 * returned function (called once) puts everything back after the last open suspension: offline nobody reads them,
 * and they cost half of an evaluation. Pulumi's Resource.callsites lifts the trace limit, so it answers none (it is
 * private: were it renamed, evaluations would only be slower), and ts-node's source-map hook is off. The change is the
 * whole process's: an error made meanwhile, here or in anything else the process runs, names transpiled lines and
 * no frames; an evaluation's errors are read by their messages.
 */
export function suspendStackTraces(): () => void {
  if (suspension.depth++ === 0) {
    suspension.saved = { limit: Error.stackTraceLimit, prepare: errorHooks.prepareStackTrace, callsites: resourceClass.callsites };
    Error.stackTraceLimit = 0;
    errorHooks.prepareStackTrace = undefined;
    resourceClass.callsites = () => [];
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--suspension.depth > 0) return;
    Error.stackTraceLimit = suspension.saved.limit;
    errorHooks.prepareStackTrace = suspension.saved.prepare;
    resourceClass.callsites = suspension.saved.callsites;
  };
}
