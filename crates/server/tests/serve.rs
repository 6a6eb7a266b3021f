//! The connection layer (`server::serve_on`) over real sockets: a panicking handler is a
//! 500 InternalServiceException and the server goes on; the shutdown future stops it.
use axum::routing::get;
use std::time::Duration;
use switchboard_server::server::{serve_on, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn get_raw(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    let mut out = String::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_string(&mut out)).await.unwrap().unwrap();
    out
}

async fn boom() -> &'static str {
    panic!("a bug")
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_and_the_server_goes_on() {
    let router = axum::Router::new()
        .route("/boom", get(boom))
        .route("/ok", get(|| async { "fine" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_on(listener, router, Limits::default(), async {
        let _ = stopped.await;
    }));
    let boom = get_raw(addr, "/boom").await;
    assert!(boom.starts_with("HTTP/1.1 500"), "{boom}");
    assert!(boom.to_ascii_lowercase().contains("x-amzn-errortype: internalserviceexception"), "{boom}");
    assert!(boom.to_ascii_lowercase().contains("x-amzn-requestid: "), "{boom}");
    let ok = get_raw(addr, "/ok").await;
    assert!(ok.starts_with("HTTP/1.1 200") && ok.ends_with("fine"), "{ok}");
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(6), server).await.expect("stops within the grace period").unwrap();
}
