import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { deployDocumentContent } from "./deploy-routine-plan";

/**
 * The environment's deploy document, `<prefix>-deploy`: the deploy routine as an SSM Command document that
 * `npm run release` sends to a group's instances with Run Command. A change of the routine is a new document
 * version (the script sends `$LATEST`), used by the next release, with no instance replaced.
 */
export function deployDocument(name: string, namePrefix: string, tags: Record<string, string>, parent: pulumi.Resource): aws.ssm.Document {
  return new aws.ssm.Document(
    `${name}-deploy`,
    {
      name: `${namePrefix}-deploy`,
      documentType: "Command",
      documentFormat: "JSON",
      content: JSON.stringify(deployDocumentContent()),
      tags,
    },
    { parent },
  );
}
