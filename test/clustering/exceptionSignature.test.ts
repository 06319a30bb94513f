import { describe, expect, it } from "@jest/globals";
import { exceptionSignatureOf } from "../../shared/clustering/exceptionSignature.js";

const py = (line: number, extra = "") => `Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/starlette/routing.py", line 12, in handle
    await self.app(scope)
  File "/app/api/orders.py", line ${line}, in create_order
    total = price(order)
  File "/app/api/pricing.py", line ${line + 7}, in price
    return compute(o)${extra}
  File "/app/api/pricing.py", line 90, in compute
    raise ValueError(f"bad price {o.id}")
ValueError: bad price 8812`;

describe("Python tracebacks", () => {
  it("keys on the type and in-app frames, without line numbers or library frames", () => {
    const a = exceptionSignatureOf(py(10));
    const b = exceptionSignatureOf(py(55).replace("bad price 8812", "bad price 17"));
    expect(a).toBeDefined();
    expect(a?.type).toBe("ValueError");
    expect(a?.frames).toEqual(["app/api/pricing.py:compute", "app/api/pricing.py:price", "app/api/orders.py:create_order"]);
    expect(a?.key).not.toMatch(/\d{2}/);
    expect(a?.key).not.toMatch(/starlette|site-packages/);
    expect(b?.key).toBe(a?.key);
    expect(a?.message).toBe("bad price <*>");
  });

  it("lets the originating exception of a chain lead", () => {
    const chained = `Traceback (most recent call last):
  File "/app/db.py", line 3, in connect
    sock.connect(addr)
ConnectionRefusedError: [Errno 111] Connection refused

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/app/main.py", line 9, in start
    connect()
RuntimeError: database unavailable`;
    const s = exceptionSignatureOf(chained);
    expect(s?.type).toBe("ConnectionRefusedError");
    expect(s?.frames).toEqual(["app/db.py:connect"]);
    const direct = chained.replace("During handling of the above exception, another exception occurred:", "The above exception was the direct cause of the following exception:");
    expect(exceptionSignatureOf(direct)?.key).toBe(s?.key);
  });

  it("collapses repeated frames of a recursion", () => {
    const frame = `  File "/app/tree.py", line 4, in walk\n    walk(n.left)\n`;
    const deep = `Traceback (most recent call last):\n${frame.repeat(50)}RecursionError: maximum recursion depth exceeded`;
    const shallow = `Traceback (most recent call last):\n${frame.repeat(3)}RecursionError: maximum recursion depth exceeded`;
    expect(exceptionSignatureOf(deep)?.frames).toEqual(["app/tree.py:walk"]);
    expect(exceptionSignatureOf(deep)?.key).toBe(exceptionSignatureOf(shallow)?.key);
  });
});

describe("Node.js stacks", () => {
  const stack = (line: number) => `TypeError: Cannot read properties of undefined (reading 'id')
    at getUser (/workspace/src/users.js:${line}:17)
    at async handler (/workspace/src/index.js:${line + 3}:5)
    at Layer.handle [as handle_request] (/workspace/node_modules/express/lib/router/layer.js:95:5)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;
  it("keys on the type and in-app frames, dropping node_modules and node internals", () => {
    const s = exceptionSignatureOf(stack(10));
    expect(s?.language).toBe("node");
    expect(s?.type).toBe("TypeError");
    expect(s?.frames).toEqual(["workspace/src/users.js:getUser", "workspace/src/index.js:handler"]);
    expect(exceptionSignatureOf(stack(99))?.key).toBe(s?.key);
  });
  it("reads a stack made only of library frames, telling errors apart by message", () => {
    const grpc = (msg: string) => `Error: 5 NOT_FOUND: ${msg}
    at callErrorFromStatus (/workspace/node_modules/@grpc/grpc-js/build/src/call.js:32:19)
    at Object.onReceiveStatus (/workspace/node_modules/@grpc/grpc-js/build/src/client.js:193:76)`;
    const a = exceptionSignatureOf(grpc("Queue does not exist."));
    expect(a?.type).toBe("Error");
    expect(a?.frames).toEqual([]);
    expect(exceptionSignatureOf(grpc("Topic does not exist."))?.key).not.toBe(a?.key);
  });
});

describe("Java stacks", () => {
  const java = (line: number) => `org.springframework.web.util.NestedServletException: Request processing failed
\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)
\tat com.acme.shop.web.OrderController.create(OrderController.java:${line})
Caused by: java.lang.IllegalStateException: stock is negative for sku 1234
\tat com.acme.shop.stock.Stock.take(Stock.java:${line + 2})
\tat com.acme.shop.stock.Stock.take(Stock.java:${line + 2})
\tat com.acme.shop.web.OrderController.create(OrderController.java:${line})
\tat java.base/java.lang.Thread.run(Thread.java:833)
\t... 42 more`;
  it("lets the root cause lead and drops java.* frames and line numbers", () => {
    const s = exceptionSignatureOf(java(40));
    expect(s?.language).toBe("java");
    expect(s?.type).toBe("IllegalStateException");
    expect(s?.frames).toEqual(["com.acme.shop.stock.Stock.take", "com.acme.shop.web.OrderController.create"]);
    expect(exceptionSignatureOf(java(77))?.key).toBe(s?.key);
  });
});

describe("Go panics", () => {
  const panic = (addr: string) => `panic: runtime error: index out of range [5] with length 3

goroutine 1 [running]:
main.(*Server).handle(0x${addr}, {0x0, 0x0})
\t/src/app/server.go:42 +0x1d
main.main()
\t/src/app/main.go:12 +0x25
runtime.goexit()
\t/usr/local/go/src/runtime/asm_amd64.s:1650 +0x1`;
  it("keys on the panic kind and the app's functions", () => {
    const s = exceptionSignatureOf(panic("c000010000"));
    expect(s?.language).toBe("go");
    expect(s?.type).toBe("panic: runtime error");
    expect(s?.frames).toEqual(["main.handle", "main.main"]);
    expect(exceptionSignatureOf(panic("c0000aa000"))?.key).toBe(s?.key);
  });
});

it("leaves a plain message alone", () => {
  expect(exceptionSignatureOf("User 12 logged in")).toBeUndefined();
  expect(exceptionSignatureOf("ValueError: just a line, no stack")).toBeUndefined();
});
