/**
 * What the SSM Agent needs for Session Manager and Run Command, instead of AmazonSSMManagedInstanceCore,
 * whose ssm:GetParameter* on "*" would let every instance read every parameter of the account. The
 * actions are those of the Session Manager guide's minimal instance profile ("Step 2: Verify or add
 * instance permissions for Session Manager") plus the ec2messages channel Run Command uses; none of
 * them takes a resource narrower than "*" (Service Authorization Reference), so the region bounds them.
 * With `sessionLogGroupArn`, the agent may also stream sessions to that log group, and check that it is
 * encrypted (DescribeLogGroups, which names no single group).
 */
export function sessionManagerPolicy(region: string, sessionLogGroupArn?: string): string {
  const logging = sessionLogGroupArn
    ? [
        {
          Sid: "StreamSessions",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [sessionLogGroupArn, `${sessionLogGroupArn}:*`],
        },
        {
          Sid: "CheckSessionLogEncryption",
          Effect: "Allow",
          Action: ["logs:DescribeLogGroups"],
          Resource: [`${sessionLogGroupArn.slice(0, sessionLogGroupArn.indexOf(":log-group:"))}:log-group:*`],
        },
      ]
    : [];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SessionManagerAndRunCommand",
        Effect: "Allow",
        Action: [
          "ssm:UpdateInstanceInformation",
          "ssm:ListInstanceAssociations",
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
          "ec2messages:AcknowledgeMessage",
          "ec2messages:DeleteMessage",
          "ec2messages:FailMessage",
          "ec2messages:GetEndpoint",
          "ec2messages:GetMessages",
          "ec2messages:SendReply",
        ],
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": region } },
      },
      ...logging,
    ],
  });
}
