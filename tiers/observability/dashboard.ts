import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dashboardBody, type DashboardContent } from "./dashboard-plan";

export interface DashboardArgs {
  /** 1-255 letters, digits, - or _ (PutDashboard); dashboards are global to the account, so it carries the stack's prefix. */
  dashboardName: string;
  /** The dashboard body (dashboard-plan.ts), the latency chart first. */
  content: pulumi.Output<DashboardContent>;
}

/** The environment's CloudWatch dashboard, its body built by `dashboardBody`. */
export class Dashboard extends pulumi.ComponentResource {
  readonly dashboardName: pulumi.Output<string>;

  constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:Dashboard", name, {}, opts);
    const dashboard = new aws.cloudwatch.Dashboard(
      name,
      {
        dashboardName: args.dashboardName,
        dashboardBody: args.content.apply((content) => JSON.stringify(dashboardBody(content))),
      },
      { parent: this },
    );
    this.dashboardName = dashboard.dashboardName;
    this.registerOutputs({ dashboardName: this.dashboardName });
  }
}
