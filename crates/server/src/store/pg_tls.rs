//! TLS to PostgreSQL, as libpq defines the connection string's `sslmode` and `sslrootcert`
//! (<https://www.postgresql.org/docs/current/libpq-ssl.html>, table "SSL Mode
//! Descriptions"), through rustls. tokio-postgres itself knows only `disable`, `prefer` and
//! `require` and never verifies: the two parameters are taken out of the URL here, and the
//! rustls configuration does what the mode asks.
//!
//! | sslmode | TLS | the server's certificate |
//! | --- | --- | --- |
//! | `disable` | never | — |
//! | `allow`, `prefer` (the default) | if the server offers it | not checked, unless a root certificate is there (below): then as `verify-ca` |
//! | `require` | always | the same as `prefer` |
//! | `verify-ca` | always | signed by a root in `sslrootcert` |
//! | `verify-full` | always | signed by a root in `sslrootcert`, and for the host connected to |
//!
//! `sslrootcert` is a PEM file of root certificates, by default `~/.postgresql/root.crt`
//! (used only if it exists, except that `verify-ca` and `verify-full` require it), or
//! `system` for the Mozilla roots that `webpki-roots` carries. libpq's `allow` (try without
//! TLS first) is treated as `prefer`, which tokio-postgres offers instead.
use super::StoreError;
use percent_encoding::percent_decode_str;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::PathBuf;
use std::sync::Arc;
use tokio_postgres::config::SslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

/// What the server's certificate is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Nothing,
    Chain,
    ChainAndHost,
}

/// The TLS settings of a connection string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    /// The mode as written (`prefer` when absent), for messages.
    pub sslmode: String,
    /// `sslrootcert` as written.
    pub sslrootcert: Option<String>,
}

impl Default for Tls {
    /// libpq's default: `prefer`, no `sslrootcert`.
    fn default() -> Tls {
        Tls { sslmode: "prefer".into(), sslrootcert: None }
    }
}

impl Tls {
    /// Takes `sslmode` and `sslrootcert` out of `url` (a `postgres://` URL or a `key=value`
    /// string): the rest, for tokio-postgres, and the settings.
    pub fn split(url: &str) -> Result<(String, Tls), StoreError> {
        let mut tls = Tls::default();
        let mut take = |key: &str, value: &str| -> bool {
            match key {
                "sslmode" => tls.sslmode = value.to_string(),
                "sslrootcert" => tls.sslrootcert = Some(value.to_string()),
                _ => return false,
            }
            true
        };
        let rest = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            match url.split_once('?') {
                None => url.to_string(),
                Some((base, query)) => {
                    let kept: Vec<&str> = query
                        .split('&')
                        .filter(|pair| {
                            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                            let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
                            !take(&decode(k), &decode(v))
                        })
                        .collect();
                    if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) }
                }
            }
        } else {
            url.split_whitespace()
                .filter(|token| token.split_once('=').is_none_or(|(k, v)| !take(k.trim(), v.trim())))
                .collect::<Vec<_>>()
                .join(" ")
        };
        tls.check().map(|_| (rest, tls))
    }

    /// tokio-postgres's mode and what the certificate is checked for.
    fn check(&self) -> Result<(SslMode, Check), StoreError> {
        let verify_if_rooted = || if self.root_file().is_some_and(|f| f.exists()) || self.system_roots() { Check::Chain } else { Check::Nothing };
        Ok(match self.sslmode.as_str() {
            "disable" => (SslMode::Disable, Check::Nothing),
            "allow" | "prefer" => (SslMode::Prefer, verify_if_rooted()),
            "require" => (SslMode::Require, verify_if_rooted()),
            "verify-ca" => (SslMode::Require, Check::Chain),
            "verify-full" => (SslMode::Require, Check::ChainAndHost),
            other => {
                return Err(StoreError::Backend(format!(
                    "the database URL's sslmode {other:?} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                )))
            }
        })
    }

    fn system_roots(&self) -> bool {
        self.sslrootcert.as_deref() == Some("system")
    }

    /// The root certificate file: `sslrootcert`, or libpq's default `~/.postgresql/root.crt`.
    fn root_file(&self) -> Option<PathBuf> {
        match self.sslrootcert.as_deref() {
            Some("system") => None,
            Some(path) => Some(PathBuf::from(path)),
            None => std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".postgresql/root.crt")),
        }
    }

    /// Sets the mode on `config` and makes the connector that checks what the mode asks.
    pub fn connector(&self, config: &mut tokio_postgres::Config) -> Result<MakeRustlsConnect, StoreError> {
        let (mode, check) = self.check()?;
        config.ssl_mode(mode);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let inner = match check {
            Check::Nothing => None,
            Check::Chain | Check::ChainAndHost => {
                let roots = self.roots()?;
                let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|e| StoreError::Backend(format!("sslrootcert: {e}")))?;
                Some(verifier)
            }
        };
        let verifier = Verifier { inner, check_host: check == Check::ChainAndHost, algorithms: provider.signature_verification_algorithms };
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| StoreError::Backend(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Ok(MakeRustlsConnect::new(config))
    }

    fn roots(&self) -> Result<RootCertStore, StoreError> {
        let mut roots = RootCertStore::empty();
        if self.system_roots() {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            return Ok(roots);
        }
        let file = self.root_file().ok_or_else(|| StoreError::Backend("no sslrootcert, and HOME is not set".into()))?;
        if !file.exists() {
            return Err(StoreError::Backend(format!(
                "root certificate file {:?} does not exist: give one with sslrootcert, or use an sslmode that does not verify the server (sslmode={})",
                file.display().to_string(),
                self.sslmode
            )));
        }
        let unreadable = |e: &dyn std::fmt::Display| StoreError::Backend(format!("sslrootcert {}: {e}", file.display()));
        for cert in CertificateDer::pem_file_iter(&file).map_err(|e| unreadable(&e))? {
            roots.add(cert.map_err(|e| unreadable(&e))?).map_err(|e| unreadable(&e))?;
        }
        if roots.is_empty() {
            return Err(unreadable(&"holds no certificate"));
        }
        Ok(roots)
    }
}

/// Checks the chain with webpki when the mode asks for it, and the host name only for
/// `verify-full`; handshake signatures are always checked.
#[derive(Debug)]
struct Verifier {
    inner: Option<Arc<WebPkiServerVerifier>>,
    check_host: bool,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(inner) = &self.inner else { return Ok(ServerCertVerified::assertion()) };
        // webpki checks the chain first, then the name: a name error means the chain is good.
        match inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }))
                if !self.check_host =>
            {
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Whether a connection error is TLS refusing the server (a wrong certificate authority or
/// host): no amount of waiting fixes it.
pub fn is_tls_refusal(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(e) = source {
        if e.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.get_ref().is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some()) {
                return true;
            }
        }
        source = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_takes_the_tls_parameters_out() {
        let (rest, tls) = Tls::split("postgres://u@h:5/db?sslmode=verify-full&application_name=x&sslrootcert=%2Ftmp%2Fca.pem").unwrap();
        assert_eq!(rest, "postgres://u@h:5/db?application_name=x");
        assert_eq!(tls, Tls { sslmode: "verify-full".into(), sslrootcert: Some("/tmp/ca.pem".into()) });
        let (rest, tls) = Tls::split("postgres://u@h/db").unwrap();
        assert_eq!((rest.as_str(), tls.sslmode.as_str()), ("postgres://u@h/db", "prefer"));
        let (rest, tls) = Tls::split("host=h user=u sslmode=disable dbname=d").unwrap();
        assert_eq!((rest.as_str(), tls.sslmode.as_str()), ("host=h user=u dbname=d", "disable"));
        assert!(Tls::split("postgres://h/db?sslmode=verify").is_err());
    }

    #[test]
    fn verify_modes_need_a_root_file() {
        let (_, tls) = Tls::split("postgres://h/db?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem").unwrap();
        let mut config = tokio_postgres::Config::new();
        let err = tls.connector(&mut config).err().expect("refused").to_string();
        assert!(err.contains("/nonexistent/ca.pem") && err.contains("does not exist"), "{err}");
        let (_, tls) = Tls::split("postgres://h/db?sslmode=require&sslrootcert=/nonexistent/ca.pem").unwrap();
        assert!(tls.connector(&mut config).is_ok(), "require without the file does not verify");
    }
}
