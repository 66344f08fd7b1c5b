import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, NetworkSettings } from "../config/load";
import { sharedOutputs, type EnvironmentOutputs, type Exports, type SharedOutputs } from "../contracts/outputs";
import { readStack, type Outputs } from "../contracts/reference";
import { Network } from "../components/network";
import type { SecurityGroupName } from "../components/network-rules";
import { StackKey } from "../components/stack-key";
import { awsProvider } from "./provider";

/** Zone names from config, or the first available zones of the region (that need no opt-in). */
function availabilityZones(network: NetworkSettings, region: string, provider: aws.Provider): pulumi.Input<string>[] {
  if (network.availabilityZones) return network.availabilityZones;
  const available = aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, { provider });
  return Array.from({ length: network.azCount }, (_, i) =>
    available.names.apply((names) => {
      if (names.length < network.azCount) {
        throw new Error(`platform:network.azCount is ${network.azCount} but region ${region} has only ${names.length} available zones (${names.join(", ")})`);
      }
      return names[i];
    }),
  );
}

/** The parts every environment role builds, for the role's program to extend and export. */
export interface Environment {
  config: EnvironmentConfig;
  provider: aws.Provider;
  shared: Outputs<SharedOutputs>;
  key: StackKey;
  network: Network;
}

export function buildEnvironment(config: EnvironmentConfig): Environment {
  const prefix = config.namePrefix;
  const provider = awsProvider(config);
  const shared = readStack(config.sharedStack, sharedOutputs);
  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;

  const key = new StackKey(
    `${prefix}-key`,
    { namePrefix: prefix, region: config.region, accountId, deletionWindowDays: config.protect ? 30 : 7 },
    { provider, protect: config.protect },
  );
  const network = new Network(
    `${prefix}-network`,
    {
      namePrefix: prefix,
      region: config.region,
      accountId,
      cidr: config.network.cidr,
      availabilityZones: availabilityZones(config.network, config.region, provider),
      nat: config.network.nat,
      interfaceEndpoints: config.network.interfaceEndpoints,
      ports: config.ports,
      flowLogRetentionDays: config.network.flowLogRetentionDays,
      logsKmsKeyArn: key.keyArn,
      internalDomain: `${config.identity.stack}.${config.identity.project}.internal`,
    },
    { provider },
  );
  return { config, provider, shared, key, network };
}

/** The environment contract, as every environment role exports it. */
export function environmentExports({ config, network, key }: Environment): Exports<EnvironmentOutputs> {
  return {
    role: config.role,
    region: config.region,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    availabilityZones: network.availabilityZones,
    publicSubnetIds: pulumi.all(network.subnetIds.public),
    appSubnetIds: pulumi.all(network.subnetIds.app),
    dataSubnetIds: pulumi.all(network.subnetIds.data),
    securityGroupIds: pulumi.all(network.securityGroupIds).apply((ids) => ids as Record<SecurityGroupName, string>),
    internalZoneId: network.internalZoneId,
    internalZoneName: network.internalZoneName,
    kmsKeyArn: key.keyArn,
    shape: { web: config.web, worker: config.worker },
  };
}
