"""Enrichment processors, their protocol and registry. Never imports the engine."""

from processors.base import Lead, Processor, ProcessorContext, ProcessingResult, ProcessorType, Scope

__all__ = ["Lead", "Processor", "ProcessorContext", "ProcessingResult", "ProcessorType", "Scope"]
