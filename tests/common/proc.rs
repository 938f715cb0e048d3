//! What /proc says of a process, for the tests and benchmarks that measure a server.

/// A `kB` figure of /proc/PID/status (`VmHWM:`, `VmRSS:`, …).
pub fn status_kb(pid: u32, key: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    text.lines()
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap()
}
