package io.galley.server.mlflow.traces;

/** Trace data as MLflow 2.17's client writes it ({@code TraceData.to_dict()}, spans' to_dict). */
public final class TraceFixtures {
  private TraceFixtures() {}

  /**
   * A root span {@code predict} (CHAIN) with a child {@code retrieve} (RETRIEVER), in the shape of
   * {@code traces.json}: span attributes are JSON-encoded strings, times in nanoseconds, ids hex.
   */
  public static String twoSpans(String requestId) {
    return ("{'spans': ["
            + "{'name': 'predict', 'context': {'span_id': '0x1111111111111111',"
            + " 'trace_id': '0xabcdefabcdefabcdefabcdefabcdefab'}, 'parent_id': null,"
            + " 'start_time': 1700000000000000000, 'end_time': 1700000000250000000,"
            + " 'status_code': 'OK', 'status_message': '',"
            + " 'attributes': {'mlflow.traceRequestId': '\\\"RID\\\"', 'mlflow.spanType':"
            + " '\\\"CHAIN\\\"', 'mlflow.spanInputs': '{\\\"question\\\": \\\"why?\\\"}',"
            + " 'mlflow.spanOutputs': '\\\"because\\\"'}, 'events': []},"
            + "{'name': 'retrieve', 'context': {'span_id': '0x2222222222222222',"
            + " 'trace_id': '0xabcdefabcdefabcdefabcdefabcdefab'}, 'parent_id': '0x1111111111111111',"
            + " 'start_time': 1700000000010000000, 'end_time': 1700000000110000000,"
            + " 'status_code': 'OK', 'status_message': '',"
            + " 'attributes': {'mlflow.traceRequestId': '\\\"RID\\\"', 'mlflow.spanType':"
            + " '\\\"RETRIEVER\\\"', 'mlflow.spanInputs': '\\\"why?\\\"',"
            + " 'mlflow.spanOutputs': '[\\\"doc-1\\\"]'}, 'events': []}"
            + "], 'request': '{\\\"question\\\": \\\"why?\\\"}', 'response': '\\\"because\\\"'}")
        .replace('\'', '"')
        .replace("RID", requestId);
  }
}
