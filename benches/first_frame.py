"""Time from the start of the real binary to its first frame showing the final counts.

    python3 benches/first_frame.py target/release/dvk DB_PATH "Kết quả có" [RUNS]

Starts `dvk` on DB_PATH in a 120x40 pseudo-terminal, waits until the text (the report
sentence of the Overview, written from the final counts) is on screen, prints the times.
"""
import os, pty, sys, time, select
binary, db, needle = sys.argv[1], sys.argv[2], sys.argv[3].encode()
times = []
for run in range(int(sys.argv[4]) if len(sys.argv) > 4 else 5):
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl, termios, struct
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("DVK_")}
        env.update(TERM="xterm-256color", DVK_DB=db, DVK_TODAY="2025-06-30")
        os.execve(binary, ["dvk"], env)
    t0 = time.monotonic(); buf = b""; t_first = None
    while time.monotonic() - t0 < 20:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try: chunk = os.read(fd, 65536)
            except OSError: break
            buf += chunk
            if t_first is None and needle in buf:
                t_first = time.monotonic() - t0
                break
    os.write(fd, b"q")
    time.sleep(0.3)
    try: os.kill(pid, 9)
    except ProcessLookupError: pass
    os.waitpid(pid, 0)
    times.append(t_first)
    time.sleep(0.5)
print("first frame (s):", ["%.3f" % t if t else None for t in times])
