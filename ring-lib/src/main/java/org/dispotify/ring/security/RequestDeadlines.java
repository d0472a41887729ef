package org.dispotify.ring.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;

/**
 * Deadlines on receiving one request, per HTTP/1.1 connection: its headers must be complete within
 * the header timeout of their first byte, its body must not pause longer than the read timeout,
 * and must be complete within the request timeout. A connection that misses one is closed.
 *
 * <p>Why not Reactor Netty's own: its idle timeout is reset by every byte (a client trickling its
 * headers would hold the connection forever), and its read and request timeouts outlive a
 * WebSocket upgrade, so they would cut the ring's links. Here two handlers share the state: one
 * before the HTTP codec sees the first raw byte of a request, one after it sees the decoded head and
 * body arrive and the response leave (a kept-alive connection waits for its next request under the
 * idle timeout only). A WebSocket upgrade removes both: the link is no longer HTTP. Responses are
 * never limited: a listener may stream a song as slowly as it plays.
 */
final class RequestDeadlines {

    private static final Logger log = LoggerFactory.getLogger(RequestDeadlines.class);
    private static final String FIRST_BYTE = "dispotify.requestStart";
    private static final String DECODED = "dispotify.requestProgress";

    private final ServerTimeouts timeouts;
    private long heads;
    private long responses;
    private long lastBodyRead;
    private ScheduledFuture<?> headDeadline;
    private ScheduledFuture<?> bodyDeadline;
    private ScheduledFuture<?> pauseCheck;

    private RequestDeadlines(ServerTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** Adds the deadlines to an HTTP/1.1 server pipeline; other pipelines are left alone. */
    static void install(ChannelPipeline pipeline, ServerTimeouts timeouts) {
        if (pipeline.get(NettyPipeline.HttpCodec) == null || pipeline.get(FIRST_BYTE) != null) {
            return;
        }
        RequestDeadlines state = new RequestDeadlines(timeouts);
        pipeline.addBefore(NettyPipeline.HttpCodec, FIRST_BYTE, state.new FirstByte());
        pipeline.addAfter(NettyPipeline.HttpCodec, DECODED, state.new Progress());
    }

    // Every method below runs on the channel's event loop: no locking needed.

    private void headStarted(ChannelHandlerContext ctx) {
        if (headDeadline == null && heads == responses) {
            headDeadline = schedule(ctx, timeouts.headerTimeout(), "request headers not complete");
        }
    }

    private void headReceived(ChannelHandlerContext ctx, boolean bodyFollows) {
        heads++;
        headDeadline = cancel(headDeadline);
        if (bodyFollows) {
            bodyDeadline = schedule(ctx, timeouts.requestTimeout(), "request body not complete");
            lastBodyRead = System.nanoTime();
            pauseCheck = ctx.executor().schedule(() -> checkPause(ctx), timeouts.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void bodyRead(boolean last) {
        lastBodyRead = System.nanoTime();
        if (last) {
            bodyDeadline = cancel(bodyDeadline);
            pauseCheck = cancel(pauseCheck);
        }
    }

    /** Rescheduled rather than reset on every read: one timer per pause, not one per body chunk. */
    private void checkPause(ChannelHandlerContext ctx) {
        long quietFor = System.nanoTime() - lastBodyRead;
        long limit = timeouts.readTimeout().toNanos();
        if (quietFor >= limit) {
            pauseCheck = null;
            close(ctx, "request body paused");
        } else {
            pauseCheck = ctx.executor().schedule(() -> checkPause(ctx), limit - quietFor, TimeUnit.NANOSECONDS);
        }
    }

    private ScheduledFuture<?> schedule(ChannelHandlerContext ctx, Duration timeout, String what) {
        return ctx.executor().schedule(() -> close(ctx, what), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void close(ChannelHandlerContext ctx, String why) {
        log.info("closed the connection from {}: {} in time", ctx.channel().remoteAddress(), why);
        cancelAll();
        ctx.channel().close();
    }

    private void cancelAll() {
        headDeadline = cancel(headDeadline);
        bodyDeadline = cancel(bodyDeadline);
        pauseCheck = cancel(pauseCheck);
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }

    private void upgraded(ChannelPipeline pipeline) {
        cancelAll();
        if (pipeline.get(FIRST_BYTE) != null) {
            pipeline.remove(FIRST_BYTE);
        }
        if (pipeline.get(DECODED) != null) {
            pipeline.remove(DECODED);
        }
    }

    private final class FirstByte extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                headStarted(ctx);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancelAll();
            ctx.fireChannelInactive();
        }
    }

    private final class Progress extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                headReceived(ctx, !(msg instanceof LastHttpContent));
            } else if (msg instanceof HttpContent) {
                bodyRead(msg instanceof LastHttpContent);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response
                    && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                ChannelPipeline pipeline = ctx.pipeline();
                ctx.write(msg, promise);
                upgraded(pipeline);
                return;
            }
            if (msg instanceof LastHttpContent) {
                responses++;
            }
            ctx.write(msg, promise);
        }
    }
}
