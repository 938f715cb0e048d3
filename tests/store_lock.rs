//! A second PROCESS opening a database that another process holds gets `DbLocked`, which
//! the CLI turns into exit code 3. The test runs its own binary as the child.

use std::process::Command;

use dvk::api::ApiError;
use dvk::domain::Msg;
use dvk::store::Store;

const CHILD: &str = "DVK_STORE_LOCK_CHILD";

#[test]
fn second_process_gets_db_locked() {
    if let Some(path) = std::env::var_os(CHILD) {
        // Child: try to open and report what happened on stdout.
        match Store::open(std::path::Path::new(&path)) {
            Err(ApiError::Msg(Msg::DbLocked { path: p, socket })) => {
                println!("LOCKED {p} [{socket}]")
            }
            Err(e) => println!("OTHER {e:?}"),
            Ok(_) => println!("OPENED"),
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = Store::open(&path).unwrap();
    let run = || {
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "second_process_gets_db_locked",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, &path)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let out = run();
    assert!(
        out.contains(&format!("LOCKED {} []", path.display())),
        "{out}"
    );
    drop(store);
    // Once the holder is gone, the child opens it.
    let out = run();
    assert!(out.contains("OPENED"), "{out}");
}
