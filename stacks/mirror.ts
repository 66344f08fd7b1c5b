import type { EnvironmentConfig, TierCapacity } from "../config/load";
import type { EnvironmentShape } from "../contracts/outputs";

const tier = ({ min, desired, max, instanceTypes }: TierCapacity & { instanceTypes: string[] }) => ({ min, desired, max, instanceTypes: [...instanceTypes] });

/** The environment's shape, as it exports it for mirrors. */
export function shapeOf(config: EnvironmentConfig): EnvironmentShape {
  return {
    architecture: config.compute.architecture,
    web: tier(config.web),
    worker: tier(config.worker),
    database: {
      instanceClass: config.data.instanceClass,
      readers: config.data.readers,
      ...(config.data.readerAutoScaling ? { readerAutoScaling: { ...config.data.readerAutoScaling } } : {}),
    },
    cache: { nodeType: config.data.cache.nodeType, replicas: config.data.cache.replicas },
  };
}

/**
 * A load-test config in the mirrored stack's shape: sizes, instance types and data classes come from
 * the mirror; how it pays (spot above its on-demand base), protection and retention stay the stack's own.
 * The mirror's release is taken unless the stack pins one of its own (to try a candidate in prod's shape);
 * with neither, the copy has no release and so no instances, as the mirror.
 */
export function mirrored(config: EnvironmentConfig, shape: EnvironmentShape, release: string | undefined): EnvironmentConfig {
  return {
    ...config,
    web: { ...config.web, ...tier(shape.web) },
    worker: { ...config.worker, ...tier(shape.worker) },
    compute: { ...config.compute, architecture: shape.architecture },
    data: {
      ...config.data,
      ...shape.database,
      cache: { ...config.data.cache, ...shape.cache },
    },
    release: config.release ?? release,
  };
}
