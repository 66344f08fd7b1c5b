/**
 * An AWS region name: <area>-<direction>-<number>, with -gov or -iso* partitions after the area,
 * as in eu-west-1, ap-southeast-7, us-gov-west-1, us-isob-east-1, cn-north-1.
 */
export const REGION_NAME = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
