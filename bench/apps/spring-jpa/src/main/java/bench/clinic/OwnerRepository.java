package bench.clinic;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface OwnerRepository extends JpaRepository<Owner, Integer> {
  @EntityGraph(attributePaths = {"pets", "pets.type"})
  List<Owner> findByLastNameStartingWithOrderByLastNameAscFirstNameAsc(String lastName);

  @Query("select distinct o from Owner o left join fetch o.pets p left join fetch p.type where o.id = ?1")
  Optional<Owner> findWithPets(Integer id);
}
