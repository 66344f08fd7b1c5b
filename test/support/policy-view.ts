import * as fs from "fs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks, type DeclaredResource } from "../../offline/aws-mocks";
import { PROJECT_DIR } from "../../config/stack-files";
import { suspendStackTraces } from "../../offline/stack-traces";
import type { PolicyTarget } from "../../policy/rules";

/**
 * Declared resources in CrossGuard's shape: a stack policy sees each resource's outputs, that is
 * its inputs plus what AWS computed (id, arn, name), and the provider it goes through.
 */
export function policyView(stack: string, declared: DeclaredResource[]): PolicyTarget[] {
  const providers = new Map(declared.filter((r) => r.type.startsWith("pulumi:providers:")).map((p) => [p.id, { props: p.inputs }]));
  return declared.map((r) => ({
    type: r.type,
    name: r.name,
    urn: `urn:pulumi:${stack}::platform::${r.type}::${r.name}`,
    props: { ...r.inputs, ...r.computed, id: r.id },
    provider: r.providerId ? providers.get(r.providerId) : undefined,
  }));
}

/** Every `Pulumi.<stack>.yaml` of the project. */
export function stackFiles(): string[] {
  return fs
    .readdirSync(PROJECT_DIR)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * Runs a small program under the offline mocks, in a stack of the given name, and returns what it
 * declared as the policies see it. Resources go through a provider with the stack's cost tags.
 */
export async function declaredUnderMocks(stack: string, program: (provider: aws.Provider) => void, tags: Record<string, string> = {}): Promise<PolicyTarget[]> {
  const mocks = new AwsMocks({ defaultRegion: "eu-west-1", stackOutputs: () => undefined });
  pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1" });
  pulumi.runtime.setMocks(mocks, "platform", stack, false, "organization");
  const costTags = { environment: stack, service: "platform", owner: "platform-team", "cost-center": "4100", ...tags };
  const restoreStackTraces = suspendStackTraces();
  try {
    program(new aws.Provider("provider", { region: "eu-west-1", defaultTags: { tags: costTags } }));
  } finally {
    restoreStackTraces();
  }
  await pulumi.runtime.disconnect();
  return policyView(stack, mocks.declared);
}
