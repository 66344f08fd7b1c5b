import { INTERFACE_ENDPOINT_SERVICES } from "./schema";
import type { Role } from "./roles";

type ConfigDefaults = Record<string, unknown>;

const common: ConfigDefaults = {
  "platform:service": "platform",
};

const environment: ConfigDefaults = {
  ...common,
  "platform:ports": { web: 8080, proxy: 3128, database: 5432, cache: 6379 },
};

/**
 * What each role gets when its stack file says nothing: the single place where
 * environments differ by default. A stack file overrides any part of it.
 */
export const ROLE_DEFAULTS: Record<Role, ConfigDefaults> = {
  shared: {
    ...common,
    "platform:protect": true,
    "platform:releases": { noncurrentVersionDays: 180 },
    "platform:registry": { untaggedImageDays: 7, keepImages: 200 },
    "platform:baseImage": { architecture: "arm64" },
  },
  dev: {
    ...environment,
    "platform:protect": false,
    "platform:network": {
      cidr: "10.10.0.0/16",
      azCount: 2,
      nat: "single",
      flowLogRetentionDays: 7,
      interfaceEndpoints: [...INTERFACE_ENDPOINT_SERVICES],
    },
    "platform:web": { min: 1, desired: 1, max: 4 },
    "platform:worker": { min: 1, desired: 1, max: 4 },
  },
  prod: {
    ...environment,
    "platform:protect": true,
    "platform:network": {
      cidr: "10.0.0.0/16",
      azCount: 3,
      nat: "per-az",
      flowLogRetentionDays: 90,
      interfaceEndpoints: [...INTERFACE_ENDPOINT_SERVICES],
    },
    "platform:web": { min: 3, desired: 6, max: 300 },
    "platform:worker": { min: 2, desired: 3, max: 100 },
  },
  "load-test": {
    ...environment,
    "platform:protect": false,
    "platform:network": {
      cidr: "10.30.0.0/16",
      azCount: 3,
      nat: "single",
      flowLogRetentionDays: 3,
      interfaceEndpoints: [...INTERFACE_ENDPOINT_SERVICES],
    },
    "platform:web": { min: 3, desired: 6, max: 300 },
    "platform:worker": { min: 2, desired: 3, max: 100 },
  },
};
