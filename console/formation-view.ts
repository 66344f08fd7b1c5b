import type { DiagramModel } from "../offline/insight/diagram-model";
import type { LiveFormation } from "../scripts/fleet/formation-plan";

/** What a stack's page shows: its formation read from AWS, or the offline plan and why it is not live. */
export type FormationView =
  | { live: true; formation: LiveFormation }
  /** No model when the stack has no stack file to plan from either (an environment created elsewhere). */
  | { live: false; model?: DiagramModel; why: string };

/**
 * The live formation when the console can read AWS; otherwise the plan, saying why. A live read that fails (a stack
 * not deployed, or deployed before the formation's outputs; no permission) shows the plan with the failure, never silently.
 */
export async function formationView(offline: string[], live: () => Promise<LiveFormation>, planned: () => Promise<DiagramModel>): Promise<FormationView> {
  let why = `offline: ${offline.join(" ")}`;
  if (offline.length === 0) {
    try {
      return { live: true, formation: await live() };
    } catch (error) {
      why = `the live formation could not be read: ${(error as Error).message}`;
    }
  }
  try {
    return { live: false, model: await planned(), why };
  } catch (error) {
    return { live: false, why: `${why}; nor planned: ${(error as Error).message}` };
  }
}
