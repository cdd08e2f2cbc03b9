"""The knowledge base: the seed's facts as validated, immutable data.

from bot.kb import load_knowledge, KnowledgeError
knowledge = load_knowledge()          # or load_knowledge(Path("my-knowledge"))
"""

from bot.kb.loader import default_knowledge_dir, load_knowledge
from bot.kb.problems import KnowledgeError, Problem
from bot.kb.sections import SectionContext, SectionPart, SectionValidator, normalize

__all__ = [
    "KnowledgeError",
    "Problem",
    "SectionContext",
    "SectionPart",
    "SectionValidator",
    "default_knowledge_dir",
    "load_knowledge",
    "normalize",
]
