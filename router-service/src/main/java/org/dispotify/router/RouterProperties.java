package org.dispotify.router;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the router role, prefix {@code dispotify.router}. Defaults suit a local cluster.
 *
 * @param connectTimeout TCP connect timeout for every call to a data node
 * @param catalog        how the merged catalog is kept fresh
 * @param providers      how providers are chosen
 * @param upload         how uploads are taken and forwarded
 */
@ConfigurationProperties("dispotify.router")
public record RouterProperties(
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue Catalog catalog,
        @DefaultValue Providers providers,
        @DefaultValue Upload upload) {

    public RouterProperties {
        requirePositive(connectTimeout, "dispotify.router.connect-timeout");
    }

    /**
     * @param refreshInterval     how often every live data node's list is read while the cluster changes, and the
     *                            soonest a refresh asked for by a request for an unknown song starts after the last
     * @param idleRefreshInterval the longest pause between refreshes while nothing changes: after each refresh that
     *                            found nothing new the pause doubles, up to this; a change, an upload through this
     *                            router or a ring event brings it back to {@code refreshInterval}
     * @param requestTimeout      timeout of one list-page request to a data node
     * @param listingTimeout      bound on reading one node's whole list
     * @param pageSize            page size asked of data nodes while listing
     * @param dropAfter           how long a data node that stopped answering keeps its songs in the catalog
     * @param fullListingMaxPages nodes with at most this many pages are re-read in full every refresh;
     *                            larger ones only when their total, first or last page changed, or
     *                            every {@code fullListingInterval}
     * @param fullListingInterval how often a large node is re-read in full anyway
     * @param firstLoadWait       how long a request waits for the very first catalog load
     */
    public record Catalog(
            @DefaultValue("1s") Duration refreshInterval,
            @DefaultValue("8s") Duration idleRefreshInterval,
            @DefaultValue("2s") Duration requestTimeout,
            @DefaultValue("30s") Duration listingTimeout,
            @DefaultValue("500") int pageSize,
            @DefaultValue("3s") Duration dropAfter,
            @DefaultValue("20") int fullListingMaxPages,
            @DefaultValue("15s") Duration fullListingInterval,
            @DefaultValue("3s") Duration firstLoadWait) {

        public Catalog {
            requirePositive(refreshInterval, "dispotify.router.catalog.refresh-interval");
            if (idleRefreshInterval.compareTo(refreshInterval) < 0) {
                throw new IllegalArgumentException("dispotify.router.catalog.idle-refresh-interval (" + idleRefreshInterval
                        + ") must not be shorter than dispotify.router.catalog.refresh-interval (" + refreshInterval + ")");
            }
            requirePositive(requestTimeout, "dispotify.router.catalog.request-timeout");
            requirePositive(listingTimeout, "dispotify.router.catalog.listing-timeout");
            requirePositive(dropAfter, "dispotify.router.catalog.drop-after");
            requirePositive(fullListingInterval, "dispotify.router.catalog.full-listing-interval");
            requirePositive(firstLoadWait, "dispotify.router.catalog.first-load-wait");
            if (pageSize < 1 || pageSize > 10_000) {
                throw new IllegalArgumentException("dispotify.router.catalog.page-size must be 1..10000, was " + pageSize);
            }
            if (fullListingMaxPages < 2) {
                throw new IllegalArgumentException("dispotify.router.catalog.full-listing-max-pages must be >= 2");
            }
        }
    }

    /**
     * @param max how many providers a listener gets
     */
    public record Providers(@DefaultValue("3") int max) {

        public Providers {
            if (max < 1) {
                throw new IllegalArgumentException("dispotify.router.providers.max must be >= 1, was " + max);
            }
        }
    }

    /**
     * @param maxFileSize    largest accepted file (the data role's limit too)
     * @param timeout        bound on one forwarding attempt, until the data node answers
     * @param maxAttempts    how many attempts (on any data nodes) before giving up with 503
     * @param retryFor       how long a spooled upload is held and retried (a data node's death and the role
     *                       switch that replaces it take seconds) before giving up with 503
     * @param spoolDir       where uploads are spooled while forwarded; empty means the system temp dir
     */
    public record Upload(
            @DefaultValue("200MB") DataSize maxFileSize,
            @DefaultValue("120s") Duration timeout,
            @DefaultValue("30") int maxAttempts,
            @DefaultValue("60s") Duration retryFor,
            Path spoolDir) {

        public Upload {
            if (maxFileSize.toBytes() < 1) {
                throw new IllegalArgumentException("dispotify.router.upload.max-file-size must be positive");
            }
            requirePositive(timeout, "dispotify.router.upload.timeout");
            requirePositive(retryFor, "dispotify.router.upload.retry-for");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("dispotify.router.upload.max-attempts must be >= 1");
            }
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
