import { strict as assert } from "assert";
import { renderUserData } from "../../tiers/compute/user-data-plan";

describe("instance boot script", () => {
  it("renders a boot script that installs the agent, fetches the release and starts the tier", () => {
    const base = { tier: "web", region: "eu-west-1", releaseBucket: "rel", port: 8080, logGroupPrefix: "/p/", environment: { QUEUE_URL: "https://q" } };
    const pinned = renderUserData({ ...base, release: "1.4.2" });
    assert.match(pinned, /^#!\/bin\/bash\nset -euo pipefail/);
    assert.match(pinned, /dnf install -y amazon-cloudwatch-agent/);
    assert.match(pinned, /RELEASE=1\.4\.2/);
    assert.match(pinned, /aws s3 cp "s3:\/\/rel\/releases\/\$RELEASE\/app\.tar\.gz"/);
    assert.match(pinned, /QUEUE_URL=https:\/\/q/);
    assert.match(pinned, /systemctl enable --now platform-web\.service/);
    assert.doesNotMatch(pinned, /PROXY/);
    const following = renderUserData({ ...base, proxyUrl: "http://proxy.internal:3128", noProxy: "169.254.169.254,.internal" });
    assert.match(following, /aws s3 cp s3:\/\/rel\/releases\/current -/);
    assert.match(following, /export HTTP_PROXY=http:\/\/proxy.internal:3128 HTTPS_PROXY=http:\/\/proxy.internal:3128 NO_PROXY=169.254.169.254,.internal/);
  });
});
