import { Index, isOf, isTrue, label, list, parsed, TYPES, type PolicyTarget, type Rule } from "../graph";

type Architecture = "arm64" | "x86_64";

/** A Graviton instance type: a `g` right after the generation digit (m7g, c7gn, r8g, t4g). */
const GRAVITON = /^[a-z]+\d+g[a-z]*\./;

/** The architecture an image parameter path names (Amazon Linux's public parameters end in -arm64 or -x86_64). */
function imageArchitecture(imageId: unknown): Architecture | undefined {
  const text = String(imageId ?? "");
  if (/arm64/.test(text)) return "arm64";
  if (/x86_64/.test(text)) return "x86_64";
  return undefined;
}

/** The instance types a launch template may run with: its own, and those of the groups launching it. */
function instanceTypesOf(template: PolicyTarget, groups: PolicyTarget[], index: Index): string[] {
  const types = template.props.instanceType ? [String(template.props.instanceType)] : [];
  for (const group of groups) {
    const mixed = parsed(group.props.mixedInstancesPolicy);
    const spec = mixed?.launchTemplate?.launchTemplateSpecification ?? parsed(group.props.launchTemplate);
    if (index.find(TYPES.launchTemplate, spec?.launchTemplateId ?? spec?.id) !== template) continue;
    for (const override of list<{ instanceType?: string }>(mixed?.launchTemplate?.overrides)) if (override?.instanceType) types.push(override.instanceType);
  }
  return types;
}

/** Architecture-specific builds a boot script downloads: Go-style release names (linux-arm64) and RPM file names (.aarch64.rpm). */
function scriptArchitectures(userData: unknown): Architecture[] {
  if (typeof userData !== "string") return [];
  const script = Buffer.from(userData, "base64").toString("utf8");
  const found = new Set<Architecture>();
  if (/linux-arm64|\.aarch64\.rpm/.test(script)) found.add("arm64");
  if (/linux-amd64|\.x86_64\.rpm/.test(script)) found.add("x86_64");
  return [...found];
}

export const autoScalingDeployabilityRules: Rule[] = [
  {
    kind: "resource",
    name: "group-tolerates-failed-launches",
    description:
      "An Auto Scaling group that Pulumi waits on sets ignoreFailedScalingActivities: otherwise one failed launch (no Spot capacity, an instance type out of stock) fails `pulumi up`, while Auto Scaling itself retries.",
    enforcementLevel: "mandatory",
    source:
      "aws.autoscaling.Group docs (ignoreFailedScalingActivities: failed scaling activities return errors by default; waitForCapacityTimeout); hashicorp/terraform-provider-aws#29753, #41580",
    validate(resource, report) {
      if (!isOf(resource, TYPES.autoScalingGroup)) return;
      if (String(resource.props.waitForCapacityTimeout) === "0") return;
      if (!isTrue(resource.props.ignoreFailedScalingActivities)) {
        report(`${label(resource)} waits for capacity but does not set ignoreFailedScalingActivities: one failed launch would fail the update.`);
      }
    },
  },
  {
    kind: "stack",
    name: "boot-script-matches-architecture",
    description:
      "A launch template's boot script downloads builds of the architecture its image and instance types run: an arm64 instance cannot run an amd64 binary, and dnf refuses an RPM of another architecture.",
    enforcementLevel: "mandatory",
    source: "EC2 User Guide, 'Amazon EC2 instance types' (Graviton types are arm64); grafana/k6#5120 (the k6 RPM repository's x86_64-only packages)",
    validate(resources, report) {
      const index = new Index(resources);
      const groups = index.ofType(TYPES.autoScalingGroup);
      for (const template of index.ofType(TYPES.launchTemplate)) {
        const downloads = scriptArchitectures(template.props.userData);
        if (downloads.length === 0) continue;
        const fromTypes = instanceTypesOf(template, groups, index).map((type): Architecture => (GRAVITON.test(type) ? "arm64" : "x86_64"));
        const runs = new Set<Architecture>([...fromTypes, ...[imageArchitecture(template.props.imageId)].filter((a): a is Architecture => a !== undefined)]);
        for (const architecture of downloads) {
          const others = [...runs].filter((a) => a !== architecture);
          if (others.length > 0) report(`${label(template)} boots a script that downloads ${architecture} builds, but it runs ${others.join(" and ")}.`);
        }
      }
    },
  },
];
