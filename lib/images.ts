import type { Architecture } from "./instance-types";

/** The public SSM parameter of the latest Amazon Linux 2023 image, which AWS publishes in every region. */
export function amazonLinuxParameter(architecture: Architecture): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}
