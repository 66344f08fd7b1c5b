/** The CPU architectures of EC2 instances, as Amazon Linux image parameters and the shared base image name them. */
export const ARCHITECTURES = ["arm64", "x86_64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export function isArchitecture(value: unknown): value is Architecture {
  return typeof value === "string" && (ARCHITECTURES as readonly string[]).includes(value);
}

/**
 * Instance family letters EC2 uses today (general purpose, compute, memory, storage, accelerated,
 * HPC), from the EC2 instance type naming conventions: <family><generation><attributes>.<size>.
 */
const FAMILY_SERIES = ["a", "c", "d", "dl", "f", "g", "gr", "h", "hpc", "i", "im", "inf", "is", "m", "p", "r", "t", "trn", "u", "vt", "x", "z"];
const INSTANCE_TYPE = /^([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+)$/;

export interface InstanceType {
  series: string;
  family: string;
  architecture: Architecture;
  burstable: boolean;
}

/**
 * What an instance type name says: its family, whether it is Graviton (arm64: an attribute `g`
 * after the generation, as in m7g, c7gn, t4g, x2gd, im4gn, or the first Graviton family a1)
 * and whether it is burstable (the t series). Undefined for a name that is no instance type.
 */
export function parseInstanceType(name: string): InstanceType | undefined {
  const match = INSTANCE_TYPE.exec(name);
  if (!match || !FAMILY_SERIES.includes(match[1])) return undefined;
  const [, series, generation, attributes] = match;
  const family = `${series}${generation}${attributes}`;
  const arm = family === "a1" || attributes.includes("g");
  return { series, family, architecture: arm ? "arm64" : "x86_64", burstable: series === "t" };
}

/** Why each instance type cannot run the base image's architecture, or a role that rules out burstable types. */
export function instanceTypeProblems(types: string[], architecture: Architecture, burstableAllowed: boolean): string[] {
  return types.flatMap((name) => {
    const type = parseInstanceType(name);
    if (!type) return [`${name} is no EC2 instance type (expected <family><generation><attributes>.<size>, e.g. m7g.large)`];
    if (type.architecture !== architecture) {
      return [
        `${name} is an ${type.architecture} family (${type.family}) but the base image is ${architecture}${architecture === "arm64" ? " (Graviton: e.g. m7g, c7g, r7g, t4g)" : ""}`,
      ];
    }
    if (type.burstable && !burstableAllowed) return [`${name} is burstable (t family), which this role does not allow`];
    return [];
  });
}
