"""A fixed-rate prober: GET one URL at RATE requests per second for SECONDS seconds over one
keep-alive connection (a new request starts on schedule, or as soon as the previous one
ends when it is late), signed like bench/wrk.lua (any key is accepted without
--credentials). Prints one RESULT line like wrk.lua's, with p50/p99/max latency in ms.

    python3 bench/probe.py URL [RATE] [SECONDS]

Unlike wrk (which saturates the server), the latency here is what one caller sees while
the server does other work: bench/describe-during-import.sh compares it idle and busy.
"""
import http.client
import sys
import time
import urllib.parse

url = urllib.parse.urlsplit(sys.argv[1])
rate = float(sys.argv[2]) if len(sys.argv) > 2 else 100
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10
headers = {
    "X-Amz-Date": "20261123T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261123/us-east-1/connect/aws4_request, "
                     "SignedHeaders=host;x-amz-date, Signature=0000",
}
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
latencies, errors = [], 0
start = time.perf_counter()
for i in range(int(rate * seconds)):
    due = start + i / rate
    pause = due - time.perf_counter()
    if pause > 0:
        time.sleep(pause)
    t = time.perf_counter()
    try:
        conn.request("GET", url.path, headers=headers)
        response = conn.getresponse()
        response.read()
        errors += response.status != 200
    except (OSError, http.client.HTTPException):
        errors += 1
        conn.close()
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    latencies.append((time.perf_counter() - t) * 1000)
elapsed = time.perf_counter() - start
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(f"RESULT requests={len(latencies)} seconds={elapsed:.3f} rps={len(latencies) / elapsed:.1f} "
      f"p50_ms={pick(0.5):.2f} p99_ms={pick(0.99):.2f} max_ms={latencies[-1]:.2f} errors={errors}")
