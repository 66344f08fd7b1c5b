// The SDK clients of the formation, mocked, and the AWS answers its tests share.
import { AutoScalingClient, type AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ElastiCacheClient } from "@aws-sdk/client-elasticache";
import { RDSClient } from "@aws-sdk/client-rds";
import { SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { SdkFormationAws } from "../../scripts/aws/sdk-formation-aws";

export const REGION = "eu-west-1";
export const NOW = new Date("2026-01-10T12:00:00Z");

/** SdkFormationAws over mocked clients (aws-sdk-client-mock): every call is recorded, and one that is not set up answers undefined. */
export function formation() {
  const clients = {
    autoScaling: new AutoScalingClient({ region: REGION }),
    loadBalancing: new ElasticLoadBalancingV2Client({ region: REGION }),
    ec2: new EC2Client({ region: REGION }),
    sqs: new SQSClient({ region: REGION }),
    cloudWatch: new CloudWatchClient({ region: REGION }),
    rds: new RDSClient({ region: REGION }),
    elastiCache: new ElastiCacheClient({ region: REGION }),
  };
  const mocks = {
    autoScaling: mockClient(clients.autoScaling),
    loadBalancing: mockClient(clients.loadBalancing),
    ec2: mockClient(clients.ec2),
    sqs: mockClient(clients.sqs),
    cloudWatch: mockClient(clients.cloudWatch),
    rds: mockClient(clients.rds),
    elastiCache: mockClient(clients.elastiCache),
  };
  return { aws: new SdkFormationAws(REGION, clients, () => NOW), mocks };
}

export const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

export function group(name: string): AutoScalingGroup {
  return {
    AutoScalingGroupName: name,
    MinSize: 3,
    DesiredCapacity: 4,
    MaxSize: 30,
    DefaultCooldown: 300,
    AvailabilityZones: ["eu-west-1a"],
    HealthCheckType: "ELB",
    CreatedTime: NOW,
    TargetGroupARNs: [`arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/${name}/0123456789abcdef`],
    Instances: [
      {
        InstanceId: `${name}-i1`,
        AvailabilityZone: "eu-west-1a",
        LifecycleState: "InService",
        HealthStatus: "Healthy",
        InstanceType: "m7g.large",
        ProtectedFromScaleIn: false,
      },
    ],
  };
}
