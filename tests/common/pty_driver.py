"""Drive a terminal program in a pseudo-terminal for the black-box tests (tests/pty.rs).

python3 pty_driver.py SPEC.json  ->  a JSON result on stdout.

SPEC: {"argv": [...], "env": {...}, "cols": 120, "rows": 40, "timeout": 20,
       "raw": "path where the raw output stream is written",
       "times": false,
       "steps": [{"key": "down"} | {"text": "typed one character at a time"}
                 | {"expect": "on the screen" or ["all", "of these"], "ms": 5000}
                 | {"absent": "gone from the screen", "ms": 5000}
                 | {"settle": 300} | {"snap": "label"} | {"exit": 5000}
                 | {"mem": "label"} | {"touch": "path"} | {"wait_file": "path", "ms": 5000}]}

The program's output is fed to a small screen model (cursor moves, erases, UTF-8 text, wide
and combining characters, the alternate screen), so `expect` looks at what the terminal shows
now, not at everything ever written. `expect` waits until the text (every text of a list) is
on the screen, `absent` until it is not (and still is not once the output has been quiet for
200 ms). The first step that fails stops the run. Everything is bounded by `timeout` seconds:
the child is killed with SIGKILL after it.

For the benchmarks: with "times": true each step's result has `t0` and `t1`, the
milliseconds from the start of the program to the step's start and end (a key is written at
its step's `t0`; an `expect` ends at the first screen showing its text). `mem` reads the
program's memory (`VmRSS`, `VmHWM` of /proc/PID/status, kB) into the result; `touch` creates
an empty file and `wait_file` waits until a file exists (the screen keeps being read), so
that several runs can be brought to a point together.
Standard library only.
"""

import codecs
import errno
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata


class Screen:
    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.grid = self.blank()
        self.saved_main = None
        self.x = self.y = 0
        self.saved_cursor = (0, 0)
        self.state = "ground"
        self.buf = ""
        self.decckm = False
        self.cursor_visible = True
        self.alt = False
        self.replies = []

    def blank(self):
        return [[" "] * self.cols for _ in range(self.rows)]

    def text(self):
        return "\n".join("".join(r).rstrip() for r in self.grid)

    # --- writing -----------------------------------------------------------------------
    def put(self, ch):
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufe0f":
            px = max(self.x - 1, 0)
            if self.x > 0:
                self.grid[self.y][px] += ch
            return
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if self.x + w > self.cols:
            self.x = 0
            self.linefeed()
        self.grid[self.y][self.x] = ch
        if w == 2 and self.x + 1 < self.cols:
            self.grid[self.y][self.x + 1] = ""
        self.x += w  # may equal cols: the wrap is pending until the next character

    def linefeed(self):
        if self.y + 1 >= self.rows:
            self.grid.pop(0)
            self.grid.append([" "] * self.cols)
        else:
            self.y += 1

    def clamp(self):
        self.x = min(max(self.x, 0), self.cols - 1)
        self.y = min(max(self.y, 0), self.rows - 1)

    def erase(self, y, x0, x1):
        for x in range(max(x0, 0), min(x1, self.cols)):
            self.grid[y][x] = " "

    # --- parsing -----------------------------------------------------------------------
    def feed(self, s):
        for ch in s:
            st = self.state
            if st == "ground":
                if ch == "\x1b":
                    self.state = "esc"
                elif ch == "\r":
                    self.x = 0
                elif ch == "\n":
                    self.linefeed()
                elif ch == "\b":
                    self.x = max(self.x - 1, 0)
                elif ch == "\t":
                    self.x = min((self.x // 8 + 1) * 8, self.cols - 1)
                elif ord(ch) < 0x20 or ord(ch) == 0x7F:
                    pass
                else:
                    self.put(ch)
            elif st == "esc":
                if ch == "[":
                    self.state, self.buf = "csi", ""
                elif ch == "]":
                    self.state = "osc"
                elif ch in "()*+#%":
                    self.state = "esc1"
                else:
                    self.state = "ground"
                    if ch == "7":
                        self.saved_cursor = (self.x, self.y)
                    elif ch == "8":
                        self.x, self.y = self.saved_cursor
                    elif ch == "c":
                        self.grid, self.x, self.y = self.blank(), 0, 0
            elif st == "esc1":
                self.state = "ground"
            elif st == "osc":
                if ch == "\x07":
                    self.state = "ground"
                elif ch == "\x1b":
                    self.state = "esc"  # ESC \ ends it; the backslash is then ignored
            elif st == "csi":
                if "\x40" <= ch <= "\x7e":
                    self.state = "ground"
                    self.csi(self.buf, ch)
                else:
                    self.buf += ch

    def csi(self, params, final):
        private = params.startswith("?")
        nums = []
        for p in params.lstrip("?>=").split(";"):
            try:
                nums.append(int(p))
            except ValueError:
                nums.append(0)

        def n(i, default=1):
            v = nums[i] if i < len(nums) else 0
            return v if v else default

        if final in "Hf":
            self.y, self.x = n(0) - 1, n(1) - 1
            self.clamp()
        elif final == "A":
            self.y -= n(0)
            self.clamp()
        elif final == "B":
            self.y += n(0)
            self.clamp()
        elif final == "C":
            self.x += n(0)
            self.clamp()
        elif final == "D":
            self.x -= n(0)
            self.clamp()
        elif final == "G":
            self.x = n(0) - 1
            self.clamp()
        elif final == "d":
            self.y = n(0) - 1
            self.clamp()
        elif final == "J":
            mode = n(0, 0)
            if mode == 0:
                self.erase(self.y, self.x, self.cols)
                for y in range(self.y + 1, self.rows):
                    self.erase(y, 0, self.cols)
            elif mode == 1:
                self.erase(self.y, 0, self.x + 1)
                for y in range(0, self.y):
                    self.erase(y, 0, self.cols)
            else:
                self.grid = self.blank()
        elif final == "K":
            mode = n(0, 0)
            if mode == 0:
                self.erase(self.y, self.x, self.cols)
            elif mode == 1:
                self.erase(self.y, 0, self.x + 1)
            else:
                self.erase(self.y, 0, self.cols)
        elif final == "X":
            self.erase(self.y, self.x, self.x + n(0))
        elif final in "hl" and private:
            on = final == "h"
            for p in nums:
                if p == 1:
                    self.decckm = on
                elif p == 25:
                    self.cursor_visible = on
                elif p in (47, 1047, 1049):
                    if on and not self.alt:
                        self.saved_main, self.grid, self.alt = self.grid, self.blank(), True
                    elif not on and self.alt:
                        self.grid, self.alt = self.saved_main or self.blank(), False
        elif final == "n" and n(0, 0) == 6:
            self.replies.append("\x1b[%d;%dR" % (self.y + 1, min(self.x, self.cols - 1) + 1))
        elif final == "c" and not params:
            self.replies.append("\x1b[?62;22c")
        elif final == "t" and n(0, 0) == 18:
            self.replies.append("\x1b[8;%d;%dt" % (self.rows, self.cols))


KEYS = {
    "enter": "\r", "tab": "\t", "btab": "\x1b[Z", "esc": "\x1b", "backspace": "\x7f",
    "space": " ", "home": "\x1b[H", "end": "\x1b[F", "pgup": "\x1b[5~", "pgdn": "\x1b[6~",
    "del": "\x1b[3~", "f1": "\x1bOP",
}
ARROWS = {"up": "A", "down": "B", "right": "C", "left": "D"}


def key_bytes(name, screen):
    if name in ARROWS:
        return ("\x1bO" if screen.decckm else "\x1b[") + ARROWS[name]
    if name in KEYS:
        return KEYS[name]
    if name.startswith("c-") and len(name) == 3:
        return chr(ord(name[2].lower()) & 0x1F)
    if len(name) == 1:
        return name
    raise SystemExit("unknown key name: " + name)


class Run:
    def __init__(self, spec):
        self.spec = spec
        self.cols, self.rows = spec["cols"], spec["rows"]
        self.deadline = time.monotonic() + spec.get("timeout", 20)
        self.screen = Screen(self.cols, self.rows)
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.raw = bytearray()
        self.eof = False
        self.status = None
        self.timed_out = False

    def start(self):
        argv, env = self.spec["argv"], self.spec["env"]
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                size = struct.pack("HHHH", self.rows, self.cols, 0, 0)
                fcntl.ioctl(0, termios.TIOCSWINSZ, size)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def left(self):
        return self.deadline - time.monotonic()

    def pump(self, wait):
        """Read what is available within `wait` seconds; False when nothing came."""
        if self.eof:
            time.sleep(max(min(wait, self.left()), 0))
            return False
        r, _, _ = select.select([self.fd], [], [], max(min(wait, self.left()), 0))
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        if not data:
            self.eof = True
            return False
        self.raw += data
        self.screen.feed(self.decoder.decode(data))
        for reply in self.screen.replies:
            self.write(reply)
        self.screen.replies.clear()
        return True

    def write(self, s):
        try:
            os.write(self.fd, s.encode("utf-8"))
        except OSError:
            pass

    def settle(self, quiet_ms):
        while self.left() > 0 and self.pump(quiet_ms / 1000):
            pass

    def wait_for(self, text, ms):
        texts = text if isinstance(text, list) else [text]

        def shown():
            screen = self.screen.text()
            return all(t in screen for t in texts)

        end = min(time.monotonic() + ms / 1000, self.deadline)
        while not shown():
            if time.monotonic() >= end or (self.eof and not self.reap(0)):
                return shown()
            self.pump(0.05)
        return True

    def wait_file(self, path, ms):
        end = min(time.monotonic() + ms / 1000, self.deadline)
        while not os.path.exists(path):
            if time.monotonic() >= end:
                return False
            self.pump(0.02)
        return True

    def memory(self):
        """The program's VmRSS and VmHWM (kB), as /proc/PID/status gives them."""
        out = {}
        try:
            with open("/proc/%d/status" % self.pid, encoding="ascii", errors="replace") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    if key in ("VmRSS", "VmHWM"):
                        out[key] = int(value.split()[0])
        except OSError:
            pass
        return out

    def wait_gone(self, text, ms):
        end = min(time.monotonic() + ms / 1000, self.deadline)
        while text in self.screen.text():
            if time.monotonic() >= end or self.eof:
                return text not in self.screen.text()
            self.pump(0.05)
        return True

    def reap(self, wait):
        """Wait up to `wait` seconds for the child; True while it still runs."""
        end = time.monotonic() + wait
        while self.status is None:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = st
                break
            if time.monotonic() >= end:
                return True
            self.pump(0.02)
        return False

    def run_other(self, argv, res):
        """Run another program to its end (the screen keeps being read meanwhile)."""
        with tempfile.TemporaryFile() as out:
            p = subprocess.Popen(argv, env=self.spec["env"], stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=out)
            while p.poll() is None and self.left() > 0:
                self.pump(0.02)
            if p.poll() is None:
                p.kill()
                p.wait()
            out.seek(0)
            res["output"] = out.read().decode("utf-8", "replace")
        return p.returncode == 0

    def steps(self):
        results = []
        gap = self.spec.get("gap_ms", 20) / 1000
        times = self.spec.get("times", False)
        for i, step in enumerate(self.spec["steps"]):
            t0 = time.monotonic()
            if self.left() <= 0:
                self.timed_out = True
                results.append({"i": i, "step": step, "ok": False, "why": "timeout"})
                break
            ok, res = True, {"i": i, "step": step}
            if "key" in step:
                self.write(key_bytes(step["key"], self.screen))
                self.pump(gap)
            elif "raw" in step:
                # Bytes in one write, as a slow link or a paste delivers them in one read.
                os.write(self.fd, bytes.fromhex(step["raw"]))
                self.pump(gap)
            elif "text" in step:
                for ch in step["text"]:
                    self.write(ch)
                    self.pump(gap)
            elif "expect" in step:
                ok = self.wait_for(step["expect"], step.get("ms", 5000))
            elif "absent" in step:
                ok = self.wait_gone(step["absent"], step.get("ms", 5000))
                self.settle(200)
                ok = ok and step["absent"] not in self.screen.text()
            elif "settle" in step:
                self.settle(step["settle"])
            elif "signal" in step:
                os.kill(self.pid, step["signal"])
            elif "run" in step:
                ok = self.run_other(step["run"], res)
            elif "snap" in step:
                self.settle(step.get("ms", 200))
                res["screen"] = self.screen.text()
            elif "exit" in step:
                ok = not self.reap(min(step["exit"] / 1000, max(self.left(), 0)))
            elif "mem" in step:
                res["mem"] = self.memory()
                ok = bool(res["mem"])
            elif "touch" in step:
                open(step["touch"], "wb").close()
            elif "wait_file" in step:
                ok = self.wait_file(step["wait_file"], step.get("ms", 5000))
            if times:
                res["t0"] = (t0 - self.started) * 1000
                res["t1"] = (time.monotonic() - self.started) * 1000
            res["ok"] = ok
            if not ok:
                res["screen"] = self.screen.text()
                results.append(res)
                break
            results.append(res)
        return results

    def finish(self):
        if self.status is None and self.reap(max(min(2, self.left()), 0)):
            self.timed_out = self.timed_out or self.left() <= 0
            os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)
        while not self.eof and self.pump(0.05):
            pass
        # What the terminal's line discipline is left in: cooked mode with echo is restored.
        try:
            lflag = termios.tcgetattr(self.fd)[3]
            cooked = bool(lflag & termios.ICANON) and bool(lflag & termios.ECHO)
        except termios.error:
            cooked = None
        os.close(self.fd)
        return cooked


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    run = Run(spec)
    run.start()
    results = run.steps()
    cooked = run.finish()
    st = run.status
    with open(spec["raw"], "wb") as f:
        f.write(run.raw)
    json.dump(
        {
            "steps": results,
            "exit": os.WEXITSTATUS(st) if os.WIFEXITED(st) else None,
            "signal": os.WTERMSIG(st) if os.WIFSIGNALED(st) else None,
            "timed_out": run.timed_out,
            "cooked": cooked,
            "alt_screen": run.screen.alt,
            "cursor_visible": run.screen.cursor_visible,
            "screen": run.screen.text(),
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main()
