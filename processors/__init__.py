"""Enrichment processors, their protocol and registry. Never imports the engine."""

from processors.base import Lead, ProcessingResult, Processor, ProcessorContext, ProcessorType, Scope

__all__ = ["Lead", "Processor", "ProcessorContext", "ProcessingResult", "ProcessorType", "Scope"]
