/** IAM policy documents as plain data, so that tests read them without mocks. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** What the application may reach wherever it runs, on an instance or in a task. */
export interface ApplicationAccess {
  region: string;
  queueArns: string[];
  secretArns: string[];
  bucketArns: string[];
  kmsKeyArns: string[];
  /** rds-db:connect resources (arn:...:dbuser:<cluster resource id>/<user>) of the database user it logs in as. */
  databaseUserArns: string[];
}

/** Work its queues, read its secrets, use its buckets, log in to the database as its own user, and the stack key only through those services. */
export function applicationStatements(access: ApplicationAccess): PolicyStatement[] {
  return [
    {
      Sid: "WorkQueues",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:SendMessage"],
      Resource: access.queueArns,
    },
    { Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: access.secretArns },
    // IAM database authentication: a token per connection instead of a password to rotate (Aurora User Guide, "IAM database authentication").
    { Sid: "ConnectToDatabase", Effect: "Allow", Action: ["rds-db:connect"], Resource: access.databaseUserArns },
    { Sid: "ListBuckets", Effect: "Allow", Action: ["s3:ListBucket"], Resource: access.bucketArns },
    { Sid: "UseObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: access.bucketArns.map((arn) => `${arn}/*`) },
    {
      Sid: "UseKeysThroughServices",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: access.kmsKeyArns,
      Condition: { StringEquals: { "kms:ViaService": ["s3", "sqs", "secretsmanager"].map((service) => `${service}.${access.region}.amazonaws.com`) } },
    },
  ];
}

/** PutMetricData has no resource-level permissions (Resource must be "*"); the namespace condition scopes it. */
export function putMetricsStatement(namespaces: string | string[]): PolicyStatement {
  return {
    Sid: "PutMetrics",
    Effect: "Allow",
    Action: ["cloudwatch:PutMetricData"],
    Resource: "*",
    Condition: { StringEquals: { "cloudwatch:namespace": namespaces } },
  };
}

/** A policy of the statements that name resources: one for resources the environment lacks is left out. */
export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements.filter((s) => s.Resource === "*" || s.Resource.length > 0) };
}
