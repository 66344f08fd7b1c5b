/**
 * The variables HTTP clients read to use the egress proxy, in both cases: curl reads only lower-case
 * `http_proxy`, Go and the AWS SDKs read either, and the CloudWatch agent's config translator looks for
 * `no_proxy` or `No_PROXY` but never `NO_PROXY` (aws/amazon-cloudwatch-agent, translator/util/proxyutil.go).
 */
export function proxyEnvironment<T>(url: T, noProxy: T): Record<string, T> {
  return { HTTP_PROXY: url, HTTPS_PROXY: url, NO_PROXY: noProxy, http_proxy: url, https_proxy: url, no_proxy: noProxy };
}
