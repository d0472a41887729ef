package org.dispotify.dns.dnswire;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.dispotify.dns.system.NameServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.netty.udp.UdpServer;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Real DNS on one port, UDP and TCP (RFC 1035 two-byte length framing), on Reactor Netty.
 * Answers are computed on the event loop: they read memory only and never block.
 */
@Component
public class DnsServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BIND_ATTEMPTS = 10;
    private static final int UDP_RECEIVE_BUFFER = 1 << 20;

    private final DnsResponder responder;
    private final NameServiceProperties.Dns settings;
    private DisposableServer tcp;
    private Connection udp;

    DnsServer(DnsResponder responder, NameServiceProperties properties) {
        this.responder = responder;
        this.settings = properties.dns();
    }

    @Override
    public synchronized void start() {
        // With port 0, TCP picks a free port and UDP takes the same number; should that UDP
        // port be busy, try again with another one.
        for (int attempt = 1; ; attempt++) {
            DisposableServer boundTcp = bindTcp(settings.port());
            try {
                udp = bindUdp(boundTcp.port());
                tcp = boundTcp;
                break;
            } catch (RuntimeException e) {
                boundTcp.disposeNow(BIND_TIMEOUT);
                if (settings.port() != 0 || attempt >= MAX_BIND_ATTEMPTS) {
                    throw e;
                }
            }
        }
        log.info("Name service DNS listening on {}:{} (UDP and TCP), zone {}", settings.bindAddress(), port(),
                DnsResponder.ZONE);
    }

    /** The bound DNS port (UDP and TCP), or -1 when not running. */
    public synchronized int port() {
        return tcp == null ? -1 : tcp.port();
    }

    private Connection bindUdp(int port) {
        return UdpServer.create()
                .bindAddress(() -> new InetSocketAddress(settings.bindAddress(), port))
                .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                .handle((in, out) -> out.sendObject(in.receiveObject()
                        .ofType(DatagramPacket.class)
                        .mapNotNull(this::answerUdp)))
                .bindNow(BIND_TIMEOUT);
    }

    private DatagramPacket answerUdp(DatagramPacket packet) {
        byte[] answer = responder.answer(ByteBufUtil.getBytes(packet.content()), Transport.UDP);
        return answer == null ? null : new DatagramPacket(Unpooled.wrappedBuffer(answer), packet.sender());
    }

    private DisposableServer bindTcp(int port) {
        long idleMillis = settings.tcpIdleTimeout().toMillis();
        return TcpServer.create()
                .bindAddress(() -> new InetSocketAddress(settings.bindAddress(), port))
                .doOnConnection(connection -> connection
                        .addHandlerLast("dns-frame", new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2))
                        .onReadIdle(idleMillis, connection::dispose))
                .handle((in, out) -> out.send(in.receive().mapNotNull(this::answerTcp), frame -> true))
                .bindNow(BIND_TIMEOUT);
    }

    private ByteBuf answerTcp(ByteBuf frame) {
        byte[] answer = responder.answer(ByteBufUtil.getBytes(frame), Transport.TCP);
        if (answer == null) {
            return null;
        }
        ByteBuf framed = Unpooled.buffer(2 + answer.length);
        framed.writeShort(answer.length);
        framed.writeBytes(answer);
        return framed;
    }

    @Override
    public synchronized void stop() {
        if (udp != null) {
            udp.disposeNow(BIND_TIMEOUT);
            udp = null;
        }
        if (tcp != null) {
            tcp.disposeNow(BIND_TIMEOUT);
            tcp = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return tcp != null;
    }
}
