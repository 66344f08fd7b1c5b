import { strict as assert } from "assert";
import { readConfigFile } from "../../config/stack-files";
import type { Evaluation } from "../../offline/evaluate";
import { evaluatedWith, ofType } from "../support/harness";

type Variable = { name: string; value: string };

/** Every container's environment: the jobs' (awsx task definitions) and the tiers' services (plain task definitions). */
function containerEnvironments(e: Evaluation): [string, Variable[]][] {
  const jobs = ofType(e, "awsx:ecs:FargateTaskDefinition").map((t): [string, Variable[]] => [t.name, t.inputs.container.environment]);
  const services = ofType(e, "aws:ecs/taskDefinition:TaskDefinition").flatMap((t) =>
    (JSON.parse(t.inputs.containerDefinitions) as { name: string; environment: Variable[] }[]).map((c): [string, Variable[]] => [
      `${t.name}/${c.name}`,
      c.environment,
    ]),
  );
  return [...jobs, ...services];
}

// The app security groups allow no direct egress: a container reaches the internet through the proxy or not at all.
describe("containers' egress settings (prod on containers, with its jobs)", () => {
  let e: Evaluation;
  before(async () => (e = await evaluatedWith("prod", { config: readConfigFile("examples/containers.yaml") })));

  it("gives every container, jobs included, the proxy in both cases, and keeps the ECS and instance metadata endpoints off it", () => {
    const environments = containerEnvironments(e);
    assert.ok(
      environments.some(([name]) => name.includes("jobs-migrate")),
      "the migration is among them",
    );
    assert.ok(
      environments.some(([name]) => name.includes("compute-containers-web")),
      "the web service is among them",
    );
    for (const [name, variables] of environments) {
      const value = (key: string) => variables.find((v) => v.name === key)?.value;
      for (const key of ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"]) assert.equal(value(key), e.outputs.proxyUrl, `${name}: ${key}`);
      for (const key of ["NO_PROXY", "no_proxy"]) {
        const list = String(value(key)).split(",");
        for (const entry of ["169.254.169.254", "169.254.170.2", `sqs.${e.config.region}.amazonaws.com`])
          assert.ok(list.includes(entry), `${name}: ${key} lacks ${entry}`);
      }
    }
  });
});
