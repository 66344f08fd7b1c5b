export interface RegistryRetention {
  untaggedImageDays: number;
  keepImages: number;
}

/**
 * ECR lifecycle rules: untagged layers go after a few days, and only the newest images are
 * kept. ECR requires the rule that matches `any` tag status to have the highest priority number.
 */
export function registryLifecyclePolicy({ untaggedImageDays, keepImages }: RegistryRetention): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${untaggedImageDays} days`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedImageDays },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the ${keepImages} newest images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepImages },
        action: { type: "expire" },
      },
    ],
  });
}
