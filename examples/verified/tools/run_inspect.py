"""Run one refusal suite on one mocked model with inspect_ai and write its log (.eval).

usage: python run_inspect.py LANG MODEL LOG_DIR     (LANG: en or de; MODEL: base or tuned)

The model is inspect_ai's mock model, named as the model it stands for
(`mockllm/support-base-tiny` for the base model, `mockllm/support-bot-lora-r2` for the
tuned adapter) and given `custom_outputs` (its documented model argument) that answer
as mock_models.reply does. Each output carries its token usage: without it mockllm
counts tokens with tiktoken, which downloads its encoding (no network here).
"""

import sys

from inspect_ai import eval as inspect_eval
from inspect_ai.model import ModelOutput, ModelUsage

from mock_models import reply

MODELS = {"base": "mockllm/support-base-tiny", "tuned": "mockllm/support-bot-lora-r2"}


def main() -> None:
    lang, which, log_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    name = MODELS[which]

    def outputs(input, tools, tool_choice, config):
        prompt = input[-1].text
        content = reply(which, prompt)
        output = ModelOutput.from_content(model=name, content=content)
        prompt_tokens, output_tokens = len(prompt.split()), len(content.split())
        output.usage = ModelUsage(input_tokens=prompt_tokens, output_tokens=output_tokens,
                                  total_tokens=prompt_tokens + output_tokens)
        return output

    logs = inspect_eval(f"refusal_suite.py@refusal-suite-{lang}", model=name,
                        model_args={"custom_outputs": outputs}, log_format="eval",
                        log_dir=log_dir, display="plain")
    if logs[0].status != "success":
        raise SystemExit(f"inspect eval ended with status {logs[0].status}")
    print(logs[0].location)


if __name__ == "__main__":
    main()
