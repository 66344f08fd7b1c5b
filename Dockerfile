# The console for a team (README, "Running the console for a team"): the Pulumi CLI at the version of the project's
# @pulumi/pulumi (test/console/container-image.test.ts keeps them equal), Node 20, the project and its dependencies.
# Pulumi's official image; pin it by digest too once pulled (docker inspect --format '{{index .RepoDigests 0}}').
FROM pulumi/pulumi-nodejs-20:3.248.0

# Not root: the console needs no privilege, and the audit log goes to a volume it owns.
RUN useradd --create-home --uid 10001 console && mkdir -p /var/log/console /platform && chown console /var/log/console /platform
WORKDIR /platform
COPY package.json package-lock.json ./
# The console runs its TypeScript with ts-node, a development dependency: install them all.
RUN npm ci --no-audit --no-fund
# The console's actions write Pulumi.<stack>.yaml as the scripts do (README, Known gaps: these writes stay in the container).
COPY --chown=console . .
USER console
VOLUME ["/var/log/console"]
EXPOSE 8080

# Beyond localhost the console refuses to start without CONSOLE_TOKEN. Pulumi reads PULUMI_ACCESS_TOKEN (or
# PULUMI_BACKEND_URL), AWS the SDK's default chain (environment, or the task or instance role).
ENTRYPOINT ["npm", "run", "-s", "console", "--", "--host", "0.0.0.0", "--port", "8080", "--audit-log", "/var/log/console/audit.jsonl"]
