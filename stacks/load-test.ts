import type { EnvironmentConfig } from "../config/load";
import { environmentOutputs, type Exports, type LoadTestOutputs } from "../contracts/outputs";
import { readStackValues } from "../contracts/reference";
import { LoadGenerators } from "../tiers/load-generators/load-generators";
import { buildEnvironment, environmentExports } from "./environment";
import { mirrored } from "./mirror";

/**
 * A system under test in the shape of the stack it mirrors, on this role's cheap terms (spot, no
 * protection, short retention), and a k6 generator fleet in another region aimed at its public entry.
 * The mirror's shape is read as plain values before anything is declared, so `preview` shows every
 * resource with the mirrored sizes (the components take plain numbers and instance types).
 */
export async function loadTestProgram(config: EnvironmentConfig): Promise<Exports<LoadTestOutputs>> {
  if (!config.mirrorStack || !config.loadTest) throw new Error("a load-test stack needs platform:mirror and platform:loadTest");
  const mirror = await readStackValues(config.mirrorStack, environmentOutputs.pick({ shape: true, release: true }));
  const environment = buildEnvironment(mirrored(config, mirror.shape, mirror.release));
  const exports = environmentExports(environment);
  const { loadTest } = config;
  const generators = new LoadGenerators(
    `${config.namePrefix}-generators`,
    {
      namePrefix: config.namePrefix,
      costTags: { ...config.tags },
      region: loadTest.region,
      cidr: loadTest.cidr,
      count: loadTest.count,
      instanceTypes: loadTest.instanceTypes,
      architecture: config.compute.architecture,
      k6Version: loadTest.k6Version,
      run: loadTest.run,
      scenario: loadTest.scenario,
      // The public entry users reach: through the edge when this stack enables it, else the load balancer.
      targetUrl: exports.url,
      healthCheckPath: config.web.healthCheckPath,
      resultsBucketName: environment.data.buckets.results.bucketName,
      resultsBucketArn: environment.data.buckets.results.bucketArn,
      resultsRegion: config.region,
      kmsKeyArn: environment.key.keyArn,
    },
    // The URL is plain text, so nothing orders the fleet after the system under test: wait for all of it.
    { provider: environment.provider, dependsOn: [environment.compute, environment.data, ...(environment.edge ? [environment.edge] : [])] },
  );
  return {
    ...exports,
    targetUrl: exports.url,
    mirroredStack: config.mirrorStack,
    generatorRegion: loadTest.region,
    generatorGroupName: generators.autoScalingGroupName,
    resultsLocation: generators.resultsLocation,
  };
}
