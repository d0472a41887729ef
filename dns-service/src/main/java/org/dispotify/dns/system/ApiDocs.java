package org.dispotify.dns.system;

/**
 * Names and examples the name service's OpenAPI annotations share. Examples are what the service
 * really answers (see the controllers, {@code ProblemHandler} and the cluster signature filter).
 */
public final class ApiDocs {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** The security scheme of cluster-only endpoints: a member's HMAC signature header. */
    public static final String CLUSTER_SIGNATURE = "clusterSignature";

    public static final String CLUSTER_AUTH_REQUIRED = """
            {"type":"https://dispotify.org/problems/cluster-auth","title":"Cluster authentication required",\
            "status":401,"detail":"This endpoint is for members of the cluster: missing X-Dispotify-Signature."}""";

    public static final String INVALID_RECORD = """
            {"type":"about:blank","title":"Invalid record","status":400,\
            "detail":"port must be less than or equal to 65535","instance":"/api/records",\
            "errors":[{"field":"port","message":"must be less than or equal to 65535"}]}""";

    public static final String MALFORMED_JSON = """
            {"type":"about:blank","title":"Unknown field","status":400,\
            "detail":"Unknown field 'weight'; known fields: name, nodeId, host, port, ttlSeconds",\
            "instance":"/api/records"}""";

    public static final String RECORD_NOT_FOUND = """
            {"type":"about:blank","title":"Record not found","status":404,\
            "detail":"No record of node 'node-8081' under 'data.dispotify'",\
            "instance":"/api/records/data.dispotify/node-8081"}""";

    public static final String UNKNOWN_NAME = """
            {"type":"about:blank","title":"Unknown name","status":404,\
            "detail":"No live member under 'data.dispotify'","instance":"/api/resolve/data.dispotify"}""";

    private ApiDocs() {
    }
}
