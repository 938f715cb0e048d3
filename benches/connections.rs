//! The connection-limit figures of the README, measured on the real binary: `dvk serve` on a
//! database seeded with `dvk demo`, then
//!
//! 1. 40 connections, each announcing a 255 MB frame (an admin may send up to 256 MiB) and
//!    then sending 2 MiB of it slowly, all at once: the server's peak memory (`VmHWM` of
//!    /proc/PID/status) must stay under 1 GB — the server reserves memory for a frame as its
//!    bytes arrive, not for the length announced. The connections are then dropped.
//! 2. 1,100 idle connections (handshake done, nothing more), then a new client: the time
//!    from connecting to the answer of `units` must be under a second.
//!
//! `cargo bench --bench connections`; `-- --idle N` changes the 1,100, `-- --huge N` the 40.

#[path = "../tests/common/proc.rs"]
mod proc;

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use dvk::api::Api;
use dvk::server::Remote;
use dvk::server::proto::{self, ServerFrame};

mod common;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

fn handshaken(socket: &Path) -> UnixStream {
    let mut c = UnixStream::connect(socket).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut hello = proto::MAGIC.to_vec();
    hello.extend_from_slice(&dvk::api::PROTOCOL_VERSION.to_be_bytes());
    c.write_all(&hello).unwrap();
    let mut answer = [0u8; 9];
    c.read_exact(&mut answer).unwrap();
    assert_eq!(answer[8], 1, "protocol refused");
    let w: ServerFrame = proto::read_frame(&mut c, proto::MAX_RESPONSE).unwrap();
    assert!(matches!(w, ServerFrame::Welcome { .. }));
    c
}

fn main() {
    let idle: usize = arg("--idle").map_or(1100, |s| s.parse().unwrap());
    let huge: usize = arg("--huge").map_or(40, |s| s.parse().unwrap());
    {
        use nix::sys::resource::{Resource, getrlimit, setrlimit};
        let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
        let want = (idle as u64 + 256).min(hard);
        setrlimit(Resource::RLIMIT_NOFILE, want, hard).unwrap();
        assert!(
            want >= idle as u64 + 256,
            "the hard limit of open files ({hard}) is below {}",
            idle + 256
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let db = dir.join("data").join("db");
    let socket = dir.join("data").join("dvk.sock");
    let out = common::dvk_cmd("2020-10-20", &home, &db)
        .arg("demo")
        .output()
        .unwrap();
    assert!(out.status.success());
    let server = Server(
        common::dvk_cmd("2020-10-20", &home, &db)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dvk serve"),
    );
    let pid = server.0.id();
    let t = Instant::now();
    while !matches!(Remote::connect(&socket), Ok(Some(_))) {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let start_kb = proc::status_kb(pid, "VmHWM:");

    // --- 1. huge frames announced ---------------------------------------------------------
    let announced: u32 = 255 << 20;
    let chunk = vec![0x55u8; 64 << 10];
    let mut conns: Vec<UnixStream> = (0..huge).map(|_| handshaken(&socket)).collect();
    for c in &mut conns {
        c.write_all(&announced.to_be_bytes()).unwrap();
    }
    for _ in 0..32 {
        for c in &mut conns {
            c.write_all(&chunk).unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    let hwm = proc::status_kb(pid, "VmHWM:");
    println!(
        "dvk server: {huge} connections each announcing a {} MiB frame and sending 2 MiB of it: \
         peak RSS (VmHWM) {:.1} MB (at start {:.1} MB)",
        announced >> 20,
        hwm as f64 / 1000.0,
        start_kb as f64 / 1000.0
    );
    assert!(hwm < 1_000_000, "peak RSS {hwm} kB is over 1 GB");
    drop(conns);

    // --- 2. idle connections --------------------------------------------------------------
    let t = Instant::now();
    let held: Vec<UnixStream> = (0..idle).map(|_| handshaken(&socket)).collect();
    let opened = t.elapsed();
    let t = Instant::now();
    let r = Remote::connect(&socket).unwrap().unwrap();
    let units = Api(&r).units().unwrap().len();
    let took = t.elapsed();
    println!(
        "dvk server: {} idle connections held (opened in {:.2} s); a new client connected and \
         was answered ({units} units) in {:.2} ms",
        held.len(),
        opened.as_secs_f64(),
        took.as_secs_f64() * 1000.0
    );
    assert!(took < Duration::from_secs(1));
}
