import { existsSync } from "fs";
import * as os from "os";
import * as path from "path";

export const INSTALL_HELP =
  "Install it with `curl -fsSL https://get.pulumi.com | sh` (or see https://www.pulumi.com/docs/iac/download-install/), then run this again.";

/** What is missing for AWS credentials and a Pulumi backend login, from the environment and the usual files. */
export function credentialProblems(env: NodeJS.ProcessEnv, fileExists: (file: string) => boolean, home = os.homedir()): string[] {
  const problems: string[] = [];
  const awsFiles = [env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, ".aws", "credentials"), env.AWS_CONFIG_FILE ?? path.join(home, ".aws", "config")];
  const aws =
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    awsFiles.some(fileExists);
  if (!aws) {
    problems.push("No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run `aws configure` / `aws sso login`.");
  }
  const pulumiHome = env.PULUMI_HOME ?? path.join(home, ".pulumi");
  if (!env.PULUMI_ACCESS_TOKEN && !env.PULUMI_BACKEND_URL && !fileExists(path.join(pulumiHome, "credentials.json"))) {
    problems.push("Not logged in to a Pulumi backend: run `pulumi login` (Pulumi Cloud), `pulumi login --local` or `pulumi login s3://<bucket>`.");
  }
  return problems;
}

/** The CLI's absence (or a version too old for this SDK) as a message, or undefined when it is usable. */
export async function cliProblem(): Promise<string | undefined> {
  const { PulumiCommand } = await import("@pulumi/pulumi/automation");
  try {
    await PulumiCommand.get();
    return undefined;
  } catch (error) {
    const message = String((error as Error).message);
    if (message.includes("ENOENT")) return `The Pulumi CLI was not found: no \`pulumi\` on PATH. ${INSTALL_HELP}`;
    return `The Pulumi CLI cannot be used: ${message.split("\n").find((line) => line.trim() !== "") ?? message}. ${INSTALL_HELP}`;
  }
}

/** Everything missing before a script may touch a stack; empty when it may go ahead. */
export async function preflight(): Promise<string[]> {
  const cli = await cliProblem();
  if (cli) return [cli];
  return credentialProblems(process.env, existsSync);
}
