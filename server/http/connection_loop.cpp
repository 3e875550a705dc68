#include "server/http/connection_loop.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace seeother::server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A connection's state word: its generation (bumped each time its slot is freed, so that
// an event for an earlier connection in the same slot is recognised as stale) and who has
// it. Only a compare-and-swap moves it out of Parked, so exactly one thread takes it.
enum Phase : std::uint64_t {
    Free = 0,
    Parked = 1,    ///< in the epoll set, nobody working on it
    Scheduled = 2, ///< a worker (or the acceptor) has it
    Notified = 3,  ///< a worker has it, and an event came meanwhile: look again before parking
};

std::uint64_t word(std::uint32_t generation, Phase phase) {
    return (std::uint64_t(generation) << 8) | phase;
}
Phase phase_of(std::uint64_t word) {
    return static_cast<Phase>(word & 0xFF);
}
std::uint32_t generation_of(std::uint64_t word) {
    return static_cast<std::uint32_t>(word >> 8);
}

constexpr std::uint64_t wake_marker = ~std::uint64_t(0);

/// What a parked connection waits for, which decides its deadline and what stop() does.
enum class Waiting : std::uint8_t { Request, Head, Content, Write, Linger };

constexpr std::size_t read_size = 4096;
constexpr std::size_t requests_per_turn = 64;
constexpr std::size_t max_linger_bytes = 1 << 20;
constexpr std::size_t shed_reserve = 1024;
constexpr std::size_t keep_buffers = 1024;
/// How often the acceptor looks whether a serve has kept the poller away too long.
constexpr milliseconds watchdog_every{5};
constexpr milliseconds slow_serve{2};

Clock::rep ticks(Clock::time_point t) {
    return t.time_since_epoch().count();
}

int make_eventfd() {
    const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("eventfd failed");
    return fd;
}

void add(int epoll, int fd, std::uint32_t events, std::uint64_t data) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = data;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev);
}

std::string address_of(const sockaddr_storage& addr) {
    char text[INET6_ADDRSTRLEN] = "-";
    if (addr.ss_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, text,
                    sizeof text);
    else if (addr.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr, text,
                    sizeof text);
    return text;
}

} // namespace

struct ConnectionLoop::Connection {
    std::atomic<std::uint64_t> state{0};
    std::atomic<Clock::rep> deadline{0};
    std::atomic<Waiting> waiting{Waiting::Request};
    std::atomic<std::uint32_t> events{0}; ///< epoll events seen since it was last served
    std::uint32_t index = 0;
    std::uint32_t generation = 0;
    int fd = -1;
    std::optional<Session> session;
    bool lingering = false;
    bool writable_events = false; ///< EPOLLOUT is in its event mask
    bool maybe_readable = true;   ///< the socket may hold bytes not read yet
    bool hangup = false;          ///< the client has half-closed: read on to the end
    bool eof = false;             ///< the client sends no more
    Clock::time_point head_since; ///< when the request being received began
    Clock::time_point progress;   ///< the last bytes read (content) or written
};

ConnectionLoop::ConnectionLoop(LoopSettings settings, const Application& application,
                               ReplyWriter& writer)
    : settings_(std::move(settings)), application_(application), writer_(writer),
      capacity_(settings_.max_connections + shed_reserve),
      chunks_(new std::atomic<Connection*>[capacity_ / chunk_size + 1]),
      pool_(
          settings_.threads, settings_.max_waiting, settings_.idle_exit,
          [this](void** ready, std::size_t max, milliseconds timeout) {
              return poll(ready, max, timeout);
          },
          [this](void* work) { serve(*static_cast<Connection*>(work)); }) {
    for (std::size_t i = 0; i <= capacity_ / chunk_size; ++i)
        chunks_[i].store(nullptr);
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    acceptor_epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0 || acceptor_epoll_ < 0)
        throw std::runtime_error("epoll_create1 failed");
    stop_fd_ = make_eventfd();
    wake_fd_ = make_eventfd();
    add(acceptor_epoll_, stop_fd_, EPOLLIN, 0);
    add(epoll_, wake_fd_, EPOLLIN, wake_marker);
}

ConnectionLoop::~ConnectionLoop() {
    pool_.stop([this] { ::eventfd_write(wake_fd_, 1); });
    for (std::size_t i = 0; i < high_water_; ++i) {
        auto& c = slot(static_cast<std::uint32_t>(i));
        if (c.fd >= 0)
            ::close(c.fd);
    }
    for (std::size_t i = 0; i <= capacity_ / chunk_size; ++i)
        delete[] chunks_[i].load();
    for (const int fd : {epoll_, acceptor_epoll_, stop_fd_, wake_fd_, listen_fd_})
        if (fd >= 0)
            ::close(fd);
}

ConnectionLoop::Connection& ConnectionLoop::slot(std::uint32_t index) const {
    return chunks_[index / chunk_size].load(std::memory_order_acquire)[index % chunk_size];
}

ConnectionLoop::Connection* ConnectionLoop::acquire_slot() {
    std::uint32_t index;
    {
        std::lock_guard lock(free_mutex_);
        if (!free_.empty()) {
            index = free_.back();
            free_.pop_back();
        } else if (high_water_ < capacity_) {
            index = static_cast<std::uint32_t>(high_water_++);
            auto& chunk = chunks_[index / chunk_size];
            if (!chunk.load(std::memory_order_relaxed)) {
                auto* fresh = new Connection[chunk_size];
                for (std::size_t i = 0; i < chunk_size; ++i)
                    fresh[i].index = static_cast<std::uint32_t>(index + i);
                chunk.store(fresh, std::memory_order_release);
            }
        } else {
            return nullptr;
        }
    }
    auto& c = slot(index);
    c.generation = generation_of(c.state.load(std::memory_order_acquire));
    used_.fetch_add(1);
    return &c;
}

void ConnectionLoop::release_slot(Connection& c) {
    c.session.reset();
    c.fd = -1;
    c.lingering = false;
    c.state.store(word(c.generation + 1, Free), std::memory_order_release);
    used_.fetch_sub(1);
    std::lock_guard lock(free_mutex_);
    free_.push_back(c.index);
}

Metrics::Connections ConnectionLoop::connections() const {
    return {open_.load(), active_.load(), accepted_.load()};
}

// --- the acceptor ---------------------------------------------------------------------

void ConnectionLoop::run(int listen_fd) {
    listen_fd_ = listen_fd;
    ::fcntl(listen_fd_, F_SETFL, ::fcntl(listen_fd_, F_GETFL) | O_NONBLOCK);
    add(acceptor_epoll_, listen_fd_, EPOLLIN, 1);
    pool_.start();
    auto next_scan = Clock::now();
    while (true) {
        const auto scan_every = stopping_ ? milliseconds(20) : milliseconds(250);
        epoll_event events[8];
        const int n =
            ::epoll_wait(acceptor_epoll_, events, 8, static_cast<int>(watchdog_every.count()));
        for (int i = 0; i < n; ++i) {
            if (events[i].data.u64 == 1 && !stopping_)
                accept_all(Clock::now());
            else if (events[i].data.u64 == 0 && !stopping_)
                begin_stop(Clock::now());
        }
        const auto later = Clock::now();
        pool_.watchdog(later, slow_serve);
        if (accept_paused_ && later >= accept_resume_ && !stopping_) {
            accept_paused_ = false;
            add(acceptor_epoll_, listen_fd_, EPOLLIN, 1);
        }
        if (later >= next_scan) {
            scan(later);
            next_scan = later + scan_every;
        }
        if (stopping_ && (used_.load() == 0 || later >= drain_until_))
            break;
    }
    // Whatever is left after the drain is closed; workers end once they have handed
    // their connections back.
    stopping_ = true;
    pool_.stop([this] { ::eventfd_write(wake_fd_, 1); });
    for (std::size_t i = 0; i < high_water_; ++i) {
        auto& c = slot(static_cast<std::uint32_t>(i));
        if (phase_of(c.state.load()) != Free)
            close_now(c, false);
    }
}

void ConnectionLoop::stop() {
    ::eventfd_write(stop_fd_, 1);
}

void ConnectionLoop::begin_stop(Clock::time_point now) {
    stopping_ = true;
    drain_until_ = now + settings_.drain;
    // New connections are refused by the kernel from now on.
    ::epoll_ctl(acceptor_epoll_, EPOLL_CTL_DEL, listen_fd_, nullptr);
    ::close(listen_fd_);
    listen_fd_ = -1;
    scan(now);
}

void ConnectionLoop::accept_all(Clock::time_point now) {
    while (true) {
        sockaddr_storage addr{};
        socklen_t length = sizeof addr;
        const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of descriptors: let the backlog wait instead of spinning on it.
                ::epoll_ctl(acceptor_epoll_, EPOLL_CTL_DEL, listen_fd_, nullptr);
                accept_paused_ = true;
                accept_resume_ = now + milliseconds(100);
            }
            return;
        }
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        accepted_.fetch_add(1, std::memory_order_relaxed);
        Connection* c = acquire_slot();
        if (!c) {
            ::close(fd);
            continue;
        }
        c->fd = fd;
        c->eof = false;
        c->hangup = false;
        c->events.store(0, std::memory_order_relaxed);
        c->maybe_readable = true;
        c->writable_events = false;
        c->session.emplace(settings_.session, application_, writer_);
        c->session->set_peer(address_of(addr));
        if (open_.load() >= settings_.max_connections || pool_.saturated(now, settings_.stuck)) {
            shed(*c, now);
            continue;
        }
        open_.fetch_add(1);
        c->waiting.store(Waiting::Request, std::memory_order_relaxed);
        c->deadline.store(ticks(now + settings_.keep_alive_timeout), std::memory_order_relaxed);
        c->state.store(word(c->generation, Parked), std::memory_order_release);
        add(epoll_, fd, EPOLLIN | EPOLLRDHUP | EPOLLET,
            c->index | (std::uint64_t(c->generation) << 32));
    }
}

void ConnectionLoop::shed(Connection& c, Clock::time_point now) {
    // The application says what a shed request gets (503, Retry-After, close); it is
    // written at once, before the request is even read, and costs no worker.
    const auto reply = application_.refuse(503, "the server is busy");
    const Request none;
    std::string bytes;
    writer_.write_head(none, *reply, true, bytes);
    bytes += reply->body;
    (void)::send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (settings_.session.on_exchange)
        settings_.session.on_exchange(
            {none, *reply, reply->body.size(), true, 0.0, c.session->peer()});
    c.session.reset();
    ::shutdown(c.fd, SHUT_WR);
    c.lingering = true;
    c.waiting.store(Waiting::Linger, std::memory_order_relaxed);
    c.deadline.store(ticks(now + settings_.linger), std::memory_order_relaxed);
    c.state.store(word(c.generation, Parked), std::memory_order_release);
    add(epoll_, c.fd, EPOLLIN | EPOLLRDHUP | EPOLLET,
        c.index | (std::uint64_t(c.generation) << 32));
}

void ConnectionLoop::scan(Clock::time_point now) {
    const bool draining = stopping_ && now < drain_until_;
    for (std::size_t i = 0; i < high_water_; ++i) {
        auto& c = slot(static_cast<std::uint32_t>(i));
        auto state = c.state.load(std::memory_order_acquire);
        if (phase_of(state) != Parked)
            continue;
        const auto waiting = c.waiting.load(std::memory_order_relaxed);
        bool expired = c.deadline.load(std::memory_order_relaxed) <= ticks(now);
        if (stopping_) {
            // Stopping: a reply being written (or a refused client being read out) may
            // finish; connections between requests, or in the middle of sending one, close.
            const bool finishing = waiting == Waiting::Write;
            expired = expired || !finishing || !draining;
        }
        if (!expired)
            continue;
        const auto generation = generation_of(state);
        if (!c.state.compare_exchange_strong(state, word(generation, Scheduled),
                                             std::memory_order_acquire))
            continue;
        // It may have been served and parked again, with a new deadline, between the look
        // and the claim: then it goes back (to a worker, if an event came meanwhile).
        if (!stopping_ && c.deadline.load(std::memory_order_relaxed) > ticks(now)) {
            auto claimed = word(generation, Scheduled);
            if (!c.state.compare_exchange_strong(claimed, word(generation, Parked),
                                                 std::memory_order_release)) {
                c.state.store(word(generation, Scheduled), std::memory_order_relaxed);
                if (!c.lingering)
                    active_.fetch_add(1);
                requeue(c);
            }
            continue;
        }
        close_now(c, false);
    }
}

// --- the workers ----------------------------------------------------------------------

std::size_t ConnectionLoop::poll(void** ready, std::size_t max, milliseconds timeout) {
    epoll_event events[64];
    const int n = ::epoll_wait(epoll_, events, static_cast<int>(std::min<std::size_t>(max, 64)),
                               static_cast<int>(timeout.count()));
    std::size_t count = 0;
    for (int i = 0; i < n; ++i) {
        const auto data = events[i].data.u64;
        if (data == wake_marker)
            continue;
        const auto index = static_cast<std::uint32_t>(data & 0xFFFFFFFF);
        const auto generation = static_cast<std::uint32_t>(data >> 32);
        auto& c = slot(index);
        auto state = c.state.load(std::memory_order_acquire);
        if (generation_of(state) != generation)
            continue; // an event for a connection closed since
        c.events.fetch_or(events[i].events, std::memory_order_relaxed);
        while (generation_of(state) == generation) {
            const auto phase = phase_of(state);
            if (phase == Parked) {
                if (c.state.compare_exchange_weak(state, word(generation, Scheduled),
                                                  std::memory_order_acquire)) {
                    if (!c.lingering)
                        active_.fetch_add(1);
                    ready[count++] = &c;
                    break;
                }
            } else if (phase == Scheduled) {
                // Being served: whoever serves it looks again before parking it.
                if (c.state.compare_exchange_weak(state, word(generation, Notified),
                                                  std::memory_order_acq_rel))
                    break;
            } else {
                break;
            }
        }
    }
    return count;
}

void ConnectionLoop::serve(Connection& c) {
    while (true) {
        // It comes with an event: the socket may have bytes, or the end of them.
        c.maybe_readable = true;
        if (c.events.exchange(0, std::memory_order_relaxed) & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            c.hangup = true;
        const Next next = c.lingering ? drain_linger(c) : work(c);
        switch (next) {
        case Next::Requeue:
            requeue(c);
            return;
        case Next::Close:
            close_now(c, !c.lingering);
            return;
        case Next::Linger:
            begin_linger(c);
            [[fallthrough]];
        case Next::Park:
            if (park(c))
                return;
            // An event came while it was being served: look again.
        }
    }
}

ConnectionLoop::Next ConnectionLoop::work(Connection& c) {
    auto& session = *c.session;
    if (stopping_)
        session.stop();
    const std::size_t answered_before = session.answered();
    auto now = Clock::now();
    while (true) {
        auto& output = session.output();
        while (!output.empty()) {
            iovec iov[16];
            msghdr message{};
            message.msg_iov = iov;
            message.msg_iovlen = output.gather(iov, 16);
            const auto sent = ::sendmsg(c.fd, &message, MSG_NOSIGNAL);
            if (sent > 0) {
                output.consumed(static_cast<std::size_t>(sent));
                c.progress = now;
            } else if (sent < 0 && errno == EINTR) {
                continue;
            } else if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                if (!c.writable_events) {
                    // Written to while it still belongs to this thread: MOD then reports
                    // a socket that has become writable meanwhile, so no wake-up is lost.
                    epoll_event ev{};
                    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
                    ev.data.u64 = c.index | (std::uint64_t(c.generation) << 32);
                    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
                    c.writable_events = true;
                }
                return Next::Park;
            } else {
                return Next::Close;
            }
        }
        if (session.closing())
            return session.must_linger() && !c.eof && !stopping_ ? Next::Linger : Next::Close;
        if (session.has_request() && session.answered() - answered_before >= requests_per_turn)
            return Next::Requeue; // others wait too
        const auto before = session.answered();
        session.advance(16);
        if (session.answered() != before)
            c.head_since = now;
        if (!output.empty() || session.closing() || session.has_request())
            continue;
        if (!c.maybe_readable)
            return Next::Park;
        const bool was_mid = session.mid_request();
        std::size_t room = 0;
        char* space = session.read_space(read_size, room);
        const auto got = ::recv(c.fd, space, room, 0);
        if (got > 0) {
            session.commit(static_cast<std::size_t>(got));
            // Fewer bytes than asked for: the socket is empty now, and anything that
            // arrives later comes with an event of its own. A FIN that came with these
            // bytes had its event already: read on until recv says so.
            c.maybe_readable = c.hangup || static_cast<std::size_t>(got) == room;
            now = Clock::now();
            if (!was_mid)
                c.head_since = now;
            c.progress = now;
        } else if (got == 0) {
            session.end_of_input();
            c.eof = true;
            c.maybe_readable = false;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            c.maybe_readable = false;
            return Next::Park;
        } else if (errno != EINTR) {
            return Next::Close;
        }
    }
}

ConnectionLoop::Next ConnectionLoop::drain_linger(Connection& c) {
    static thread_local char sink[16384];
    std::size_t total = 0;
    while (total < max_linger_bytes) {
        const auto got = ::recv(c.fd, sink, sizeof sink, 0);
        if (got > 0) {
            total += static_cast<std::size_t>(got);
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return Next::Park;
        return Next::Close;
    }
    return Next::Close;
}

bool ConnectionLoop::park(Connection& c) {
    const auto now = Clock::now();
    Waiting waiting = Waiting::Linger;
    Clock::time_point deadline = now;
    if (c.lingering) {
        deadline = Clock::time_point(Clock::duration(c.deadline.load(std::memory_order_relaxed)));
    } else {
        auto& session = *c.session;
        if (!session.output().empty()) {
            waiting = Waiting::Write;
            deadline = c.progress + settings_.write_timeout;
        } else if (session.reading_content()) {
            waiting = Waiting::Content;
            deadline = c.progress + settings_.read_timeout;
        } else if (session.mid_request()) {
            waiting = Waiting::Head;
            deadline = c.head_since + settings_.read_timeout;
        } else {
            waiting = Waiting::Request;
            deadline = now + settings_.keep_alive_timeout;
            // Among many connections, an idle one holds no buffer; among few, it keeps its
            // 4 KiB rather than allocating it again for every request.
            if (open_.load(std::memory_order_relaxed) > keep_buffers)
                session.release_buffer();
        }
        active_.fetch_sub(1);
    }
    c.waiting.store(waiting, std::memory_order_relaxed);
    c.deadline.store(ticks(deadline), std::memory_order_relaxed);
    auto expected = word(c.generation, Scheduled);
    if (c.state.compare_exchange_strong(expected, word(c.generation, Parked),
                                        std::memory_order_release, std::memory_order_relaxed))
        return true;
    // Notified: take it back and serve it again.
    c.state.store(word(c.generation, Scheduled), std::memory_order_relaxed);
    if (!c.lingering)
        active_.fetch_add(1);
    return false;
}

void ConnectionLoop::begin_linger(Connection& c) {
    // Read out what the client still sends, so that closing does not reset the
    // connection and destroy the reply before the client has read it.
    ::shutdown(c.fd, SHUT_WR);
    c.session.reset();
    c.lingering = true;
    c.deadline.store(ticks(Clock::now() + settings_.linger), std::memory_order_relaxed);
    open_.fetch_sub(1);
    active_.fetch_sub(1);
}

void ConnectionLoop::close_now(Connection& c, bool counted_active) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
    if (!c.lingering) {
        open_.fetch_sub(1);
        if (counted_active)
            active_.fetch_sub(1);
    }
    ::close(c.fd);
    release_slot(c);
}

void ConnectionLoop::requeue(Connection& c) {
    pool_.push(&c);
}

} // namespace seeother::server
