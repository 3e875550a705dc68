// Runs the real seeother binary as a child process for end-to-end tests: waits for its
// "listening on" line (bounded), exposes the port, and stops it with SIGTERM.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace seeother::test {

struct Exit {
    bool exited = false; ///< false: still running after the wait (or killed by a signal)
    int code = -1;
};

class SeeotherProcess {
  public:
    /// Starts `build/seeother ARGS...`. With `expect_listening`, waits up to `timeout` for
    /// the "listening on http://HOST:PORT/" line and throws (with stderr) if it never comes.
    explicit SeeotherProcess(std::vector<std::string> args, bool expect_listening = true,
                             std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        char stderr_template[] = "/tmp/seeother-e2e-stderr-XXXXXX";
        const int err_fd = ::mkstemp(stderr_template);
        if (err_fd < 0)
            throw std::runtime_error("mkstemp failed");
        stderr_path_ = stderr_template;
        int out[2];
        if (::pipe(out) != 0)
            throw std::runtime_error("pipe failed");

        pid_ = ::fork();
        if (pid_ < 0)
            throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::dup2(err_fd, STDERR_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            std::vector<char*> argv;
            std::string binary = SEEOTHER_BINARY;
            argv.push_back(binary.data());
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(binary.c_str(), argv.data());
            std::_Exit(127);
        }
        ::close(err_fd);
        ::close(out[1]);
        stdout_fd_ = out[0];
        if (expect_listening)
            wait_for_listening(timeout);
    }

    ~SeeotherProcess() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (stdout_fd_ >= 0)
            ::close(stdout_fd_);
        ::unlink(stderr_path_.c_str());
    }

    SeeotherProcess(const SeeotherProcess&) = delete;
    SeeotherProcess& operator=(const SeeotherProcess&) = delete;

    int port() const { return port_; }
    const std::string& listening_line() const { return line_; }
    pid_t pid() const { return pid_; }

    /// Everything the server wrote to stderr so far.
    std::string stderr_text() const {
        std::ifstream in(stderr_path_);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

    /// What the process wrote to stdout after its listening line (all of it, when it did not
    /// listen). Reads to the end: call it once the process has exited.
    std::string stdout_text() {
        std::string text;
        char chunk[4096];
        for (ssize_t n; (n = ::read(stdout_fd_, chunk, sizeof chunk)) > 0;)
            text.append(chunk, static_cast<std::size_t>(n));
        return text;
    }

    /// Sends `signal` and waits up to `timeout` for the exit.
    Exit stop(int signal = SIGTERM, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        ::kill(pid_, signal);
        return wait(timeout);
    }

    /// Waits up to `timeout` for the process to exit by itself.
    Exit wait(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            const pid_t r = ::waitpid(pid_, &status, WNOHANG);
            if (r == pid_) {
                reaped_ = true;
                if (WIFEXITED(status))
                    return {true, WEXITSTATUS(status)};
                return {false, -1};
            }
            ::usleep(10000);
        }
        return {false, -1};
    }

  private:
    void wait_for_listening(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::string buffer;
        while (buffer.find('\n') == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                throw std::runtime_error("seeother did not print its listening line in time; "
                                         "stderr:\n" +
                                         stderr_text());
            pollfd p{stdout_fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
                continue;
            char chunk[256];
            const auto n = ::read(stdout_fd_, chunk, sizeof chunk);
            if (n <= 0)
                throw std::runtime_error("seeother closed stdout before listening; stderr:\n" +
                                         stderr_text());
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
        line_ = buffer.substr(0, buffer.find('\n'));
        const auto colon = line_.rfind(':');
        const auto slash = line_.rfind('/');
        if (line_.rfind("listening on http://", 0) != 0 || colon == std::string::npos ||
            slash == std::string::npos || slash < colon)
            throw std::runtime_error("unexpected first line from seeother: " + line_);
        port_ = std::stoi(line_.substr(colon + 1, slash - colon - 1));
    }

    pid_t pid_ = -1;
    bool reaped_ = false;
    int stdout_fd_ = -1;
    int port_ = 0;
    std::string line_;
    std::string stderr_path_;
};

/// Starts seeother on a free loopback port with the given data and base.
inline std::vector<std::string> serve_args(std::vector<std::string> data, std::string base,
                                           std::vector<std::string> extra = {}) {
    std::vector<std::string> args;
    for (auto& d : data) {
        args.push_back("--data");
        args.push_back(std::move(d));
    }
    args.push_back("--base");
    args.push_back(std::move(base));
    args.push_back("--listen");
    args.push_back("127.0.0.1:0");
    for (auto& e : extra)
        args.push_back(std::move(e));
    return args;
}

} // namespace seeother::test
