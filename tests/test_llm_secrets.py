"""The key's value never appears in messages, logs, ledger rows, results or reprs."""

from __future__ import annotations

import logging

import pytest

from processors.errors import LeadError
from processors.llm import InMemoryLedger, LLMClient
from tests.fake_llm_server import Reply
from tests.fixtures_llm import TEST_API_KEY
from tests.llm_helpers import ask, run


def test_key_absent_everywhere(fake_llm, llm_settings, caplog: pytest.LogCaptureFixture, capfd) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, the SDK's and the HTTP client's included
    for name in ("openai", "httpx", "httpx2", "httpcore", "leadpipe"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    ledger = InMemoryLedger()
    texts: list[str] = []
    client = LLMClient(llm_settings, ledger)
    texts += [repr(client), repr(llm_settings), str(llm_settings.public_dict())]
    fake_llm.script(Reply(status=500, error_message=f"upstream said {TEST_API_KEY}"), Reply(status=429, retry_after=0.01))
    texts.append(repr(run(ask, client)))
    fake_llm.script(Reply(status=400, error_message=f"bad request for key {TEST_API_KEY}"))
    with pytest.raises(LeadError) as err:
        run(ask, LLMClient(llm_settings, ledger))
    texts += [str(err.value), repr(err.value)]
    wrong = "sk-proj-AnotherKeyThatIsWrong12345"
    with pytest.raises(LeadError) as err:
        run(ask, LLMClient(llm_settings.replace(api_key=wrong), ledger))
    texts += [str(err.value), repr(err.value)]
    out, errout = capfd.readouterr()
    texts += [caplog.text, out, errout, repr(ledger.rows)]
    assert "retrying" in caplog.text  # the retries were logged...
    for text in texts:
        assert TEST_API_KEY not in text and wrong not in text  # ...and nothing carries a key
    assert len(ledger.rows) == 5
