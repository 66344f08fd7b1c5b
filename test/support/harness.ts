import { evaluateStack, fileEvaluation, type EvaluateOptions, type Evaluation } from "../../offline/evaluate";
import type { DeclaredResource } from "../../offline/aws-mocks";

const cache = new Map<string, Promise<Evaluation>>();

/** The release the tests' environments run: the shipped stack files pin none, and without one the groups are empty. */
export const TEST_RELEASE = "1.0.0";

/** A stack file evaluated as it is, running TEST_RELEASE where it pins none (as do the stacks it reads), once per test run. */
export function evaluated(stack: string): Promise<Evaluation> {
  return fileEvaluation(stack, { release: TEST_RELEASE });
}

/**
 * A stack evaluated with config laid over its stack file, running TEST_RELEASE unless options say otherwise; once per
 * test run for the same stack and options (the tests only read an evaluation, and evaluating costs seconds).
 */
export function evaluatedWith(stack: string, options: EvaluateOptions): Promise<Evaluation> {
  // An option given as undefined (release: undefined, for none) is not the option left out.
  const key = `${stack}|${JSON.stringify(options, (_, value: unknown) => (value === undefined ? "(undefined)" : value))}`;
  let evaluation = cache.get(key);
  if (!evaluation) {
    evaluation = evaluateStack(stack, { release: TEST_RELEASE, ...options });
    cache.set(key, evaluation);
  }
  return evaluation;
}

export function ofType(evaluation: Evaluation, type: string): DeclaredResource[] {
  return evaluation.resources.filter((r) => r.type === type);
}

export function one(evaluation: Evaluation, type: string, namePart = ""): DeclaredResource {
  const found = ofType(evaluation, type).filter((r) => r.name.includes(namePart));
  if (found.length !== 1) throw new Error(`expected one ${type} named *${namePart}*, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
  return found[0];
}

export const T = {
  provider: "pulumi:providers:aws",
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  routeTable: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  flowLog: "aws:ec2/flowLog:FlowLog",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  zone: "aws:route53/zone:Zone",
  bucket: "aws:s3/bucket:Bucket",
  kmsKey: "aws:kms/key:Key",
} as const;
