import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * One of the environment's SSM Command documents, `<prefix>-<purpose>`, which the scripts send to a group's instances
 * with Run Command: `deploy` (the deploy routine) and `logs` (a named log's last lines). A change of its content is a
 * new document version (the scripts send `$LATEST`), with no instance replaced.
 */
export function commandDocument(
  name: string,
  purpose: string,
  args: { namePrefix: string; content: object; tags: Record<string, string> },
  parent: pulumi.Resource,
): aws.ssm.Document {
  return new aws.ssm.Document(
    `${name}-${purpose}`,
    { name: `${args.namePrefix}-${purpose}`, documentType: "Command", documentFormat: "JSON", content: JSON.stringify(args.content), tags: args.tags },
    { parent },
  );
}
