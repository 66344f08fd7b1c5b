import type { DeclaredResource } from "../aws-mocks";
import type { CostAssumptions } from "./cost-assumptions";
import { line, type CostLine } from "./cost-line";
import { TYPES, awsName, componentOf, groupInstanceTypes, launchTemplateOf, ofType, purchaseSplit, regionOf, type ResourceGraph } from "./graph";
import { weeklyCapacity, type CapacitySegment } from "./hours";
import type { PriceTable } from "./prices";

/** A group's capacity over the week: its scheduled actions (availability hours) if it has any, else its desired capacity. */
export function groupCapacity(graph: ResourceGraph, group: DeclaredResource): CapacitySegment[] {
  const names = [group.inputs.name, group.computed?.name, group.name].filter((n) => n !== undefined).map(String);
  const schedules = ofType(graph, TYPES.schedule)
    .filter((s) => names.includes(String(s.inputs.autoscalingGroupName)) && s.inputs.recurrence !== undefined && s.inputs.desiredCapacity !== undefined)
    .map((s) => ({ recurrence: String(s.inputs.recurrence), desiredCapacity: Number(s.inputs.desiredCapacity) }));
  return weeklyCapacity(Number(group.inputs.desiredCapacity ?? group.inputs.minSize ?? 0), schedules);
}

/** Instance hours (on-demand and Spot, at the first instance type the group prefers), root volumes and public IPv4 addresses. */
export function groupLines(graph: ResourceGraph, table: PriceTable, assumptions: CostAssumptions): CostLine[] {
  const lines: CostLine[] = [];
  for (const group of ofType(graph, TYPES.autoScalingGroup)) {
    const component = componentOf(graph, group.name);
    const region = regionOf(graph, group);
    const type = groupInstanceTypes(graph, group)[0] ?? "unknown";
    let onDemand = 0;
    let spot = 0;
    for (const segment of groupCapacity(graph, group)) {
      const split = purchaseSplit(group, segment.capacity);
      onDemand += split.onDemand * segment.share * assumptions.hoursPerMonth;
      spot += split.spot * segment.share * assumptions.hoursPerMonth;
    }
    const price = `ec2:${type}`;
    if (onDemand > 0) lines.push(line(table, { component, item: `on-demand ${type} instance hours`, quantity: onDemand, price, region }));
    if (spot > 0) {
      const factor = 1 - assumptions.spotDiscountPercent / 100;
      lines.push(
        line(table, {
          component,
          item: `Spot ${type} instance hours (${assumptions.spotDiscountPercent}% below on-demand)`,
          quantity: spot,
          price,
          region,
          factor,
        }),
      );
    }
    const instanceMonths = (onDemand + spot) / assumptions.hoursPerMonth;
    const template = launchTemplateOf(graph, group);
    const volumes = ((template?.inputs.blockDeviceMappings ?? []) as { ebs?: { volumeSize?: number; volumeType?: string } }[]).filter((m) => m.ebs?.volumeSize);
    for (const volume of volumes) {
      const gb = Number(volume.ebs?.volumeSize) * instanceMonths;
      lines.push(
        line(table, {
          component,
          item: `${volume.ebs?.volumeType ?? "gp3"} root volumes`,
          quantity: gb,
          price: `ebs:${volume.ebs?.volumeType ?? "gp3"}`,
          region,
        }),
      );
    }
    const publicIp = ((template?.inputs.networkInterfaces ?? []) as { associatePublicIpAddress?: unknown }[]).some(
      (n) => String(n.associatePublicIpAddress) === "true",
    );
    if (publicIp)
      lines.push(line(table, { component, item: "public IPv4 addresses of the instances", quantity: onDemand + spot, price: "publicIpv4:hour", region }));
  }
  return lines;
}

/** NAT gateways (hours and the assumed data), their Elastic IPs, and interface endpoints per zone. */
export function networkLines(graph: ResourceGraph, table: PriceTable, assumptions: CostAssumptions): CostLine[] {
  const lines: CostLine[] = [];
  const hours = assumptions.hoursPerMonth;
  for (const nat of ofType(graph, TYPES.natGateway)) {
    const region = regionOf(graph, nat);
    const component = componentOf(graph, nat.name);
    lines.push(line(table, { component, item: `NAT gateway hours (${awsName(nat)})`, quantity: hours, price: "nat:hour", region }));
    lines.push(line(table, { component, item: "NAT gateway data processed (assumed volume)", quantity: assumptions.natGbPerGateway, price: "nat:gb", region }));
  }
  for (const eip of ofType(graph, TYPES.eip))
    lines.push(
      line(table, {
        component: componentOf(graph, eip.name),
        item: "Elastic IP (public IPv4) hours",
        quantity: hours,
        price: "publicIpv4:hour",
        region: regionOf(graph, eip),
      }),
    );
  for (const endpoint of ofType(graph, TYPES.vpcEndpoint).filter((e) => e.inputs.vpcEndpointType === "Interface")) {
    const zones = ((endpoint.inputs.subnetIds ?? []) as string[]).length;
    const service = String(endpoint.inputs.serviceName ?? endpoint.name)
      .split(".")
      .slice(3)
      .join(".");
    lines.push(
      line(table, {
        component: "network-endpoints",
        item: `interface endpoint ${service} x ${zones} zones`,
        quantity: zones * hours,
        price: "vpce:interface-zone-hour",
        region: regionOf(graph, endpoint),
      }),
    );
  }
  for (const lb of ofType(graph, TYPES.loadBalancer)) {
    const kind = lb.inputs.loadBalancerType === "network" ? "nlb" : "alb";
    const component = componentOf(graph, lb.name);
    const region = regionOf(graph, lb);
    lines.push(line(table, { component, item: `${kind.toUpperCase()} hours`, quantity: hours, price: `${kind}:hour`, region }));
    const unit = kind === "nlb" ? "nlcu" : "lcu";
    lines.push(
      line(table, {
        component,
        item: `${unit.toUpperCase()} hours (assumed load)`,
        quantity: assumptions.lcuPerLoadBalancer * hours,
        price: `${kind}:${unit}-hour`,
        region,
      }),
    );
  }
  return lines;
}
