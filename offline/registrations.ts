import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";

/** Resource options as the engine receives them, which Pulumi's mock monitor does not pass on to the mocks. */
export interface RegistrationOptions {
  /** `protect` as sent, a parent's included (the SDK copies a parent's `protect` onto children that set none). */
  protect: boolean;
  /** Logical names of the resources it waits for: `dependsOn` and the resources its inputs come from. */
  dependencies: string[];
  /** URN of its parent, which with its type and name makes its URN. */
  parent: string;
  /** Input names whose changes the engine ignores (`ignoreChanges`). */
  ignoreChanges: string[];
}

type Monitor = { registerResource(request: RegisterResourceRequest, callback: unknown): void };

export const registrationKey = (type: string, name: string) => `${type}::${name}`;

const logicalName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** Records every registration's options from now on, by `registrationKey`, by wrapping the mock monitor `setMocks` installed. */
export function recordRegistrations(): Map<string, RegistrationOptions> {
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor | undefined;
  if (!monitor) throw new Error("recordRegistrations needs pulumi.runtime.setMocks first");
  const recorded = new Map<string, RegistrationOptions>();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    recorded.set(registrationKey(request.getType(), request.getName()), {
      protect: request.getProtect() === true,
      dependencies: request.getDependenciesList().map(logicalName),
      parent: request.getParent(),
      ignoreChanges: request.getIgnorechangesList(),
    });
    register(request, callback);
  };
  return recorded;
}
