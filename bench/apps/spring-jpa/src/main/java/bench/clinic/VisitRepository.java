package bench.clinic;

import org.springframework.data.jpa.repository.JpaRepository;

public interface VisitRepository extends JpaRepository<Visit, Integer> {
  long countByPetId(Integer petId);
}
