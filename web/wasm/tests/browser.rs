//! The page in `web/` driven in headless Chromium over the DevTools protocol: it must show
//! "verified" for a real presentation and "rejected" for tampered inputs, served over http and
//! opened from file://, with the module `web/build.sh` builds now and with the committed one.
//!
//! Needs Debian's `chromium` at /usr/bin/chromium; when it is missing the test installs it with
//! apt-get (as root) or fails saying so. It never skips.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

const CHROMIUM: &str = "/usr/bin/chromium";
const PATIENCE: Duration = Duration::from_secs(60);

fn web_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("web/wasm has a parent")
        .to_path_buf()
}

fn ensure_chromium() {
    if Path::new(CHROMIUM).exists() {
        return;
    }
    let installed = Command::new("sh")
        .args([
            "-c",
            "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium",
        ])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        installed && Path::new(CHROMIUM).exists(),
        "this test needs Chromium at {CHROMIUM}; `apt-get install chromium` (as root) failed"
    );
}

/// The page with a freshly built module, in `dir`.
fn build_site(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for file in ["index.html", "verify.js"] {
        std::fs::copy(web_dir().join(file), dir.join(file)).unwrap();
    }
    let out = Command::new("bash")
        .arg(web_dir().join("build.sh"))
        .arg(dir)
        .output()
        .expect("bash runs web/build.sh");
    assert!(
        out.status.success(),
        "web/build.sh failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    print!("{}", String::from_utf8_lossy(&out.stdout));
}

/// Serves the files of `root` on a free localhost port, for as long as the test runs.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || answer(stream, &root));
        }
    });
    port
}

fn answer(mut stream: TcpStream, root: &Path) {
    let mut head = String::new();
    let mut reader = BufReader::new(&stream);
    while reader.read_line(&mut head).is_ok_and(|n| n > 2) {}
    let path = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    let path = if path == "/" { "/index.html" } else { path };
    let file = root.join(path.trim_start_matches('/'));
    let body = (!path.contains(".."))
        .then(|| std::fs::read(&file).ok())
        .flatten();
    let (status, body) = match body {
        Some(b) => ("200 OK", b),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(&body);
}

/// A headless Chromium, killed when dropped.
struct Browser {
    child: Child,
    endpoint: String,
}

impl Browser {
    fn launch(profile: &Path) -> Browser {
        let mut child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");

        // Chromium names its DevTools endpoint on stderr; keep draining it afterwards.
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut log = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("DevTools listening on ").nth(1) {
                    let _ = tx.send(Ok(url.trim().to_string()));
                }
                log.push_str(&line);
                log.push('\n');
            }
            let _ = tx.send(Err(log));
        });
        let endpoint = match rx.recv_timeout(PATIENCE) {
            Ok(Ok(url)) => url,
            Ok(Err(log)) => panic!("chromium exited before listening:\n{log}"),
            Err(_) => panic!("chromium did not open its DevTools endpoint"),
        };
        Browser { child, endpoint }
    }

    /// A new tab.
    fn page(&self) -> Page {
        let mut browser = Page::connect(&self.endpoint);
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let id = target["targetId"].as_str().expect("a target id");
        // ws://127.0.0.1:PORT/devtools/browser/ID -> ws://127.0.0.1:PORT/devtools/page/TARGET
        let base = self
            .endpoint
            .split("/devtools/")
            .next()
            .expect("an endpoint");
        Page::connect(&format!("{base}/devtools/page/{id}"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One DevTools connection.
struct Page {
    ws: WebSocket<TcpStream>,
    next_id: u64,
}

/// What the page showed after one pick of files.
struct Shown {
    state: String,
    result: String,
    time: String,
}

impl Page {
    fn connect(url: &str) -> Page {
        let addr = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .expect("host:port");
        let stream = TcpStream::connect(addr).expect("DevTools accepts connections");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let (ws, _) = tungstenite::client(url, stream).expect("DevTools handshake");
        Page { ws, next_id: 1 }
    }

    /// Sends one command and returns its result, skipping events.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        self.ws
            .send(Message::text(message))
            .expect("send to DevTools");
        loop {
            let reply = self.ws.read().expect("a reply from DevTools");
            let Ok(text) = reply.into_text() else {
                continue;
            };
            let reply: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if reply["id"] == id {
                assert!(reply["error"].is_null(), "{method}: {}", reply["error"]);
                return reply["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression.
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        assert!(r["exceptionDetails"].is_null(), "{expression}: {r}");
        r["result"]["value"].clone()
    }

    fn wait_for(&mut self, expression: &str, what: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.eval(expression);
            if v.as_bool() != Some(false) && !v.is_null() {
                return v;
            }
            if started.elapsed() > PATIENCE {
                let shown = self.eval("document.body ? document.body.innerText : ''");
                panic!("timed out waiting for {what}; the page shows:\n{shown}");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens `url` and waits until the page has loaded its module.
    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        let status = self.wait_for(
            "document.readyState === 'complete' && document.body.dataset.wasm",
            "the verifier module",
        );
        let shown = self.eval("document.body.innerText");
        assert_eq!(status, "ready", "{url}: {shown}");
    }

    /// Picks `files` in the page's file input, as a user would, and returns what it shows.
    fn pick(&mut self, files: &[PathBuf]) -> Shown {
        let runs = self.eval("Number(document.body.dataset.runs || 0)");
        let input = self.call(
            "Runtime.evaluate",
            json!({"expression": "document.getElementById('files')"}),
        );
        let object = input["result"]["objectId"].clone();
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        self.call(
            "DOM.setFileInputFiles",
            json!({"files": files, "objectId": object}),
        );
        self.wait_for(
            &format!("Number(document.body.dataset.runs || 0) > {runs}"),
            "the page to verify",
        );
        let mut text = |expression: &str| self.eval(expression).as_str().unwrap_or("").to_string();
        Shown {
            state: text("document.body.dataset.state"),
            result: text("document.getElementById('result').textContent"),
            time: text("document.getElementById('time').textContent"),
        }
    }
}

/// The milliseconds in "verify took 12.3 ms in this browser".
fn milliseconds(time: &str) -> f64 {
    time.split_whitespace()
        .nth(2)
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| panic!("no time in {time:?}"))
}

#[test]
fn the_page_verifies_and_rejects_in_chromium() {
    ensure_chromium();
    let work = tempfile::tempdir().unwrap();
    let inputs = work.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    common::Inputs::make().write(&inputs);
    let file = |name: &str| inputs.join(name);
    let five = [
        "presentation.json",
        "request.json",
        "issuer.pub",
        "manifest.json",
        "verifying.key",
    ]
    .map(file);

    let site = work.path().join("site");
    build_site(&site);
    let fresh = serve(site.clone());
    let committed = serve(web_dir());
    let browser = Browser::launch(&work.path().join("profile"));
    let mut page = browser.page();

    // The module built now, served over http.
    page.open(&format!("http://127.0.0.1:{fresh}/"));
    let shown = page.pick(&five);
    assert_eq!(shown.state, "verified", "{}", shown.result);
    assert!(
        shown.result.contains("verified: for https://bar.example")
            && shown
                .result
                .contains("birthDate shows an age of at least 18 on 2026-12-03"),
        "{}",
        shown.result
    );
    println!("first verify, over http: {}", shown.time);
    println!("{}", shown.result);

    // One flipped proof byte.
    let shown = page.pick(&[file("flipped-proof.json")]);
    assert_eq!(shown.state, "rejected", "{}", shown.result);
    assert!(shown.result.starts_with("rejected: "), "{}", shown.result);
    println!("{}", shown.result);

    // The genuine presentation again, timed now that the module has run: the first call runs
    // code the engine has not optimized yet.
    let mut warm: Vec<f64> = (0..5)
        .map(|_| {
            let shown = page.pick(&[file("presentation.json")]);
            assert_eq!(shown.state, "verified", "{}", shown.result);
            page.pick(&[file("flipped-proof.json")]);
            milliseconds(&shown.time)
        })
        .collect();
    warm.sort_by(f64::total_cmp);
    println!("warm verify, over http: median {} ms of {warm:?}", warm[2]);

    // The genuine presentation against another request.
    let shown = page.pick(&[file("presentation.json"), file("other-request.json")]);
    assert_eq!(shown.state, "rejected", "{}", shown.result);
    assert!(shown.result.contains("another request"), "{}", shown.result);
    println!("{}", shown.result);

    // Opened from file://, the page uses the module's embedded copy.
    page.open(&format!("file://{}", site.join("index.html").display()));
    let shown = page.pick(&five);
    assert_eq!(shown.state, "verified", "{}", shown.result);
    println!("first verify, from file://: {}", shown.time);
    let shown = page.pick(&[file("flipped-proof.json")]);
    assert_eq!(shown.state, "rejected", "{}", shown.result);

    // The committed module and its embedded copy must accept what this code proves.
    for url in [
        format!("http://127.0.0.1:{committed}/"),
        format!("file://{}", web_dir().join("index.html").display()),
    ] {
        page.open(&url);
        let shown = page.pick(&five);
        assert_eq!(
            shown.state, "verified",
            "the committed web/zkcred_verifier.wasm (or .wasm.js) is out of date: run \
             web/build.sh and commit its output. The page at {url} showed: {}",
            shown.result
        );
    }
}
