import type { CostAssumptions } from "./cost-assumptions";
import { line, type CostLine } from "./cost-line";
import { TYPES, componentOf, ofType, regionOf, type ResourceGraph } from "./graph";
import type { PriceTable } from "./prices";

// RDS gp3 includes 3,000 IOPS below 400 GiB and 12,000 from 400 GiB (hashicorp/terraform-provider-aws#28382, the maintainer quoting the RDS User Guide).
const gp3BaselineIops = (gb: number) => (gb >= 400 ? 12000 : 3000);

/** Storage and provisioned IOPS above the baseline of `copies` copies of a volume. */
function storageLines(table: PriceTable, component: string, region: string, storage: { gb: number; type: string; iops?: number; copies: number }): CostLine[] {
  const lines = [
    line(table, {
      component,
      item: `${storage.type} storage GB x ${storage.copies}`,
      quantity: storage.gb * storage.copies,
      price: `rds:${storage.type}:gb-month`,
      region,
    }),
  ];
  const included = storage.type === "gp3" ? gp3BaselineIops(storage.gb) : 0;
  const extra = Math.max(0, (storage.iops ?? 0) - included);
  if (extra > 0)
    lines.push(
      line(table, {
        component,
        item: `provisioned IOPS x ${storage.copies}`,
        quantity: extra * storage.copies,
        price: `rds:${storage.type}:iops-month`,
        region,
      }),
    );
  return lines;
}

/**
 * Database instances, clusters and their instances, whichever the data tier declares: RDS DB instances
 * (Multi-AZ doubles instance and storage; a replica's storage is its source's), Aurora clusters (storage
 * and I/O used, assumed) with their instances, and Multi-AZ DB clusters (a writer and two readers).
 */
export function databaseLines(graph: ResourceGraph, table: PriceTable, assumptions: CostAssumptions): CostLine[] {
  const lines: CostLine[] = [];
  const hours = assumptions.hoursPerMonth;
  const instances = ofType(graph, TYPES.dbInstance);
  for (const db of instances) {
    const component = componentOf(graph, db.name);
    const region = regionOf(graph, db);
    const source = instances.find((s) => s.inputs.identifier === db.inputs.replicateSourceDb);
    const engine = String(db.inputs.engine ?? source?.inputs.engine ?? "postgres");
    const copies = db.inputs.multiAz ? 2 : 1;
    const role = db.inputs.replicateSourceDb ? "read replica" : db.inputs.multiAz ? "Multi-AZ primary and standby" : "primary";
    lines.push(
      line(table, {
        component,
        item: `${role} ${db.inputs.instanceClass} hours x ${copies}`,
        quantity: hours * copies,
        price: `rds:${engine}:${db.inputs.instanceClass}`,
        region,
      }),
    );
    const gb = Number(db.inputs.allocatedStorage ?? source?.inputs.allocatedStorage ?? 0);
    const type = String(db.inputs.storageType ?? source?.inputs.storageType ?? "gp3");
    const iops = db.inputs.iops ?? source?.inputs.iops;
    if (gb > 0) lines.push(...storageLines(table, component, region, { gb, type, iops: iops === undefined ? undefined : Number(iops), copies }));
  }
  for (const cluster of ofType(graph, TYPES.dbCluster)) {
    const component = componentOf(graph, cluster.name);
    const region = regionOf(graph, cluster);
    const engine = String(cluster.inputs.engine ?? "aurora-postgresql");
    if (engine.startsWith("aurora")) {
      const gb = Number(cluster.inputs.allocatedStorage ?? assumptions.auroraStorageGb);
      lines.push(line(table, { component, item: "Aurora storage GB (assumed use)", quantity: gb, price: "rds:aurora:gb-month", region }));
      if (cluster.inputs.storageType !== "aurora-iopt1")
        lines.push(
          line(table, {
            component,
            item: "Aurora I/O requests, millions (assumed)",
            quantity: assumptions.auroraIoMillions,
            price: "rds:aurora:io-million",
            region,
          }),
        );
    } else if (cluster.inputs.dbClusterInstanceClass) {
      const instanceClass = String(cluster.inputs.dbClusterInstanceClass);
      lines.push(
        line(table, {
          component,
          item: `Multi-AZ DB cluster ${instanceClass} hours x 3 (writer and two readers)`,
          quantity: hours * 3,
          price: `rds:${engine}:${instanceClass}`,
          region,
        }),
      );
      const iops = cluster.inputs.iops === undefined ? undefined : Number(cluster.inputs.iops);
      lines.push(
        ...storageLines(table, component, region, {
          gb: Number(cluster.inputs.allocatedStorage ?? 0),
          type: String(cluster.inputs.storageType ?? "gp3"),
          iops,
          copies: 3,
        }),
      );
    }
  }
  for (const instance of ofType(graph, TYPES.dbClusterInstance)) {
    const engine = String(instance.inputs.engine ?? "aurora-postgresql");
    lines.push(
      line(table, {
        component: componentOf(graph, instance.name),
        item: `cluster instance ${instance.inputs.instanceClass} hours`,
        quantity: hours,
        price: `rds:${engine}:${instance.inputs.instanceClass}`,
        region: regionOf(graph, instance),
      }),
    );
  }
  return lines;
}

/** Cache nodes: a replication group's primary and replicas (or shards times replicas), or a cluster's nodes. */
export function cacheLines(graph: ResourceGraph, table: PriceTable, assumptions: CostAssumptions): CostLine[] {
  return [...ofType(graph, TYPES.cacheReplicationGroup), ...ofType(graph, TYPES.cacheCluster)].map((cache) => {
    const i = cache.inputs;
    const nodes = Number(i.numCacheClusters ?? (i.numNodeGroups ? i.numNodeGroups * (1 + Number(i.replicasPerNodeGroup ?? 0)) : (i.numCacheNodes ?? 1)));
    return line(table, {
      component: componentOf(graph, cache.name),
      item: `${nodes} x ${i.nodeType} node hours`,
      quantity: nodes * assumptions.hoursPerMonth,
      price: `elasticache:${i.nodeType}`,
      region: regionOf(graph, cache),
    });
  });
}
